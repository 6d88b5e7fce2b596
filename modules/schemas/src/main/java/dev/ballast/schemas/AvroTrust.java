package dev.ballast.schemas;

import org.apache.avro.util.ClassSecurityValidator;

/**
 * Avro refuses to load classes by name (enum and record defaults) from packages it does not trust.
 * This registers the generated wire types once per JVM; every serde and the topic table call it
 * before any record is built, so application code never has to.
 */
public final class AvroTrust {

  private static volatile boolean installed;

  private AvroTrust() {}

  /** Trusts the generated classes of this package; idempotent and thread-safe. */
  public static void install() {
    if (installed) {
      return;
    }
    synchronized (AvroTrust.class) {
      if (!installed) {
        ClassSecurityValidator.ClassSecurityPredicate previous = ClassSecurityValidator.getGlobal();
        ClassSecurityValidator.setGlobal(
            ClassSecurityValidator.composite(
                previous,
                ClassSecurityValidator.builder()
                    .add(InferenceRequest.class)
                    .add(InferenceResult.class)
                    .add(InFlight.class)
                    .add(RequestState.class)
                    .add(Message.class)
                    .add(Role.class)
                    .add(Priority.class)
                    .add(InferenceConfig.class)
                    .add(Attempt.class)
                    .add(Outcome.class)
                    .add(ServedBy.class)
                    .add(TokenUsage.class)
                    .add(FailureReason.class)
                    .add(Status.class)
                    .add(Degradation.class)
                    .add(Lane.class)
                    .add(CachedAnswer.class)
                    .add(LedgerEntry.class)
                    .add(EndpointSignal.class)
                    .add(EndpointSignalKind.class)
                    .build()));
        installed = true;
      }
    }
  }
}
