package dev.ballast.modelclient;

/**
 * How a route's chain is walked when an endpoint throttles or is in trouble (route option {@code
 * routing}).
 */
public enum ChainRouting {
  /**
   * Capacity-aware, the default: a throttled request goes at once to the first later endpoint of
   * the chain with room (breaker not open, not cooling down, admission headroom) and is parked only
   * when none has; endpoints that cannot take a call now are skipped, and a share of an endpoint's
   * new online traffic that follows its recent trouble rate goes on to the next endpoint with room.
   */
  CAPACITY,
  /**
   * In order: every request starts at the primary and a throttled one waits in the delay topics for
   * its endpoint, going down the chain only after {@code throttle.max.attempts} parks or a hint
   * longer than {@code throttle.wait.max}. For chains whose later endpoints cost more than waiting.
   */
  ORDERED;

  /** The lower-case name used in configuration, e.g. {@code ordered}. */
  public String id() {
    return ConfigWords.id(this);
  }

  /**
   * Parses a configured value, ignoring case.
   *
   * @throws IllegalArgumentException naming the value and the accepted ones
   */
  public static ChainRouting parse(String value) {
    return ConfigWords.parse(ChainRouting.class, value, "routing");
  }
}
