package dev.ballast.simulator;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * One simulated region: its own HTTP server and port, latency, quotas, random fault rates and
 * outage windows.
 *
 * <p>Immutable and thread-safe.
 *
 * @param name region name, e.g. {@code us-east-1}
 * @param port TCP port on the loopback address; 0 picks a free one
 * @param latency base latency of successful calls, in milliseconds
 * @param perOutputToken extra latency per generated token
 * @param quotas per-(region, model) quotas; the first whose model pattern matches applies
 * @param rates seeded random fault probabilities
 * @param outages timed outage windows
 * @param conversationChecks model patterns whose calls this region checks for Bedrock's
 *     conversation shape (alternating roles, a user turn first, no blank text); {@code ["*"]} for
 *     every model. A model's own {@link ModelConfig#conversationChecks()} applies in every region.
 * @param quotaHints the headers a quota's {@code ThrottlingException} states the wait in (until the
 *     sliding window has room for the call); empty sends none, as Bedrock does
 */
public record RegionConfig(
    String name,
    int port,
    Distribution latency,
    Duration perOutputToken,
    List<Quota> quotas,
    Rates rates,
    List<Outage> outages,
    List<String> conversationChecks,
    List<RateLimitHint> quotaHints) {

  public RegionConfig {
    conversationChecks = List.copyOf(conversationChecks);
    quotaHints = List.copyOf(quotaHints);
    Objects.requireNonNull(name, "name");
    if (name.isBlank()) {
      throw new IllegalArgumentException("region name must not be blank");
    }
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException("port must be in 0..65535, was " + port);
    }
    Objects.requireNonNull(latency, "latency");
    Objects.requireNonNull(perOutputToken, "perOutputToken");
    if (perOutputToken.isNegative()) {
      throw new IllegalArgumentException("perOutputToken must not be negative");
    }
    quotas = List.copyOf(quotas);
    Objects.requireNonNull(rates, "rates");
    outages = List.copyOf(outages);
  }

  /** A region without conversation checks. */
  public RegionConfig(
      String name,
      int port,
      Distribution latency,
      Duration perOutputToken,
      List<Quota> quotas,
      Rates rates,
      List<Outage> outages) {
    this(name, port, latency, perOutputToken, quotas, rates, outages, List.of(), List.of());
  }

  /** A healthy region: ephemeral port, no latency, no quotas, faults or outages. */
  public static RegionConfig named(String name) {
    return new RegionConfig(
        name, 0, Distribution.fixed(0), Duration.ZERO, List.of(), Rates.NONE, List.of());
  }

  public RegionConfig withPort(int p) {
    return new RegionConfig(
        name, p, latency, perOutputToken, quotas, rates, outages, conversationChecks, quotaHints);
  }

  /** Latency distribution in milliseconds. */
  public RegionConfig withLatency(Distribution millis) {
    return new RegionConfig(
        name, port, millis, perOutputToken, quotas, rates, outages, conversationChecks, quotaHints);
  }

  public RegionConfig withPerOutputToken(Duration d) {
    return new RegionConfig(
        name, port, latency, d, quotas, rates, outages, conversationChecks, quotaHints);
  }

  public RegionConfig withQuotas(Quota... q) {
    return new RegionConfig(
        name,
        port,
        latency,
        perOutputToken,
        List.of(q),
        rates,
        outages,
        conversationChecks,
        quotaHints);
  }

  public RegionConfig withRates(Rates r) {
    return new RegionConfig(
        name, port, latency, perOutputToken, quotas, r, outages, conversationChecks, quotaHints);
  }

  /** Model patterns whose conversations this region checks ({@code "*"} for every model). */
  public RegionConfig withConversationChecks(String... modelPatterns) {
    return new RegionConfig(
        name,
        port,
        latency,
        perOutputToken,
        quotas,
        rates,
        outages,
        List.of(modelPatterns),
        quotaHints);
  }

  /** The headers a quota's throttle states its wait in. */
  public RegionConfig withQuotaHints(RateLimitHint... forms) {
    return new RegionConfig(
        name,
        port,
        latency,
        perOutputToken,
        quotas,
        rates,
        outages,
        conversationChecks,
        List.of(forms));
  }

  public RegionConfig withOutages(Outage... o) {
    return new RegionConfig(
        name,
        port,
        latency,
        perOutputToken,
        quotas,
        rates,
        List.of(o),
        conversationChecks,
        quotaHints);
  }
}
