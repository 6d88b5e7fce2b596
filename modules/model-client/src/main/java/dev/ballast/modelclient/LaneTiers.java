package dev.ballast.modelclient;

/**
 * The service tier a route asks for in each admission lane, e.g. {@link ServiceTier#PRIORITY}
 * online and {@link ServiceTier#FLEX} for the batch lane. Immutable.
 *
 * @param online the tier of online requests, or null to name none (the provider's default)
 * @param batch the tier of batch-lane requests, or null to name none
 */
public record LaneTiers(ServiceTier online, ServiceTier batch) {

  /** No tier named in either lane: every call goes out as it did before tiers existed. */
  public static final LaneTiers NONE = new LaneTiers(null, null);

  /** The tier of {@code lane}, or null when the route names none. */
  public ServiceTier of(Admission.Lane lane) {
    return lane == Admission.Lane.BATCH ? batch : online;
  }
}
