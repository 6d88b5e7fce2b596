package dev.ballast.modelclient;

/**
 * A Bedrock service tier: the capacity a call is served from, sent as Converse's {@code
 * serviceTier.type} (AWS Bedrock Runtime API, {@code ServiceTier}; values as Bedrock spells them).
 * On-demand quotas are shared across {@link #PRIORITY}, {@link #DEFAULT} and {@link #FLEX}.
 *
 * <p>OpenAI-compatible endpoints take the same word as {@code service_tier} where OpenAI has it
 * ({@code priority}, {@code default}, {@code flex}); {@link #RESERVED} has no OpenAI counterpart
 * and is not sent there.
 */
public enum ServiceTier {
  /** Capacity reserved in advance for the account. */
  RESERVED,
  /** Faster, costlier on-demand capacity for latency-sensitive work. */
  PRIORITY,
  /** Standard on-demand capacity: what a call gets when it names no tier. */
  DEFAULT,
  /** Cheaper, slower on-demand capacity for work that can wait (backfills). */
  FLEX;

  /** The lower-case name used in configuration and on the wire, e.g. {@code flex}. */
  public String id() {
    return ConfigWords.id(this);
  }

  /** Whether OpenAI's {@code service_tier} has this value. */
  public boolean inOpenAi() {
    return this != RESERVED;
  }

  /**
   * Parses a configured value, ignoring case.
   *
   * @throws IllegalArgumentException naming the value and the accepted ones
   */
  public static ServiceTier parse(String value) {
    return ConfigWords.parse(ServiceTier.class, value, "service tier");
  }
}
