package dev.ballast.simulator;

/**
 * How a model words its context-overflow {@code ValidationException}.
 *
 * <p>This enum is immutable and thread-safe.
 */
public enum OverflowStyle {
  /** {@code "Input is too long for requested model."} */
  BEDROCK,
  /**
   * {@code "prompt is too long: N tokens > M maximum"}, N the counted input tokens and M the
   * context window less the requested output tokens.
   */
  ANTHROPIC
}
