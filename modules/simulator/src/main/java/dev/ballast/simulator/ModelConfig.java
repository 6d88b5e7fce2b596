package dev.ballast.simulator;

import java.time.Duration;
import java.util.Objects;

/**
 * What the simulator knows about one model. A call's model id matches when it equals {@code id} or
 * ends with it after a geo prefix ({@code us.}, {@code eu.}, {@code apac.}, {@code jp.}, {@code
 * global.}).
 *
 * <p>Immutable and thread-safe.
 *
 * @param id the model id, e.g. {@code anthropic.claude-3-haiku-20240307-v1:0}
 * @param contextWindow input tokens plus requested output tokens must fit in this
 * @param maxOutputTokens default and largest accepted {@code maxTokens}; a larger one is a {@code
 *     ValidationException} in Bedrock's wording (OpenAI wire: OpenAI's)
 * @param overflowMessage how context overflows are worded
 * @param outputTokens length of generated text answers, in tokens (capped by maxTokens)
 * @param perOutputToken generation time per output token, added to the region's latency (slow
 *     generation); not negative
 * @param conversationChecks when true, every region checks the conversation's shape as Bedrock does
 *     (alternating roles, a user turn first, no blank text); see also {@link
 *     RegionConfig#conversationChecks()}
 * @param nativeStructuredOutput when true, Converse {@code outputConfig.textFormat} JSON-schema
 *     requests are served; when false they are a {@code ValidationException}
 */
public record ModelConfig(
    String id,
    int contextWindow,
    int maxOutputTokens,
    OverflowStyle overflowMessage,
    Distribution outputTokens,
    Duration perOutputToken,
    boolean conversationChecks,
    boolean nativeStructuredOutput) {

  public static final int DEFAULT_CONTEXT_WINDOW = 200_000;
  public static final int DEFAULT_MAX_OUTPUT_TOKENS = 4096;
  public static final Distribution DEFAULT_OUTPUT_TOKENS = Distribution.uniform(20, 120);

  public ModelConfig {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(overflowMessage, "overflowMessage");
    Objects.requireNonNull(outputTokens, "outputTokens");
    Objects.requireNonNull(perOutputToken, "perOutputToken");
    if (contextWindow < 1) {
      throw new IllegalArgumentException("contextWindow must be >= 1, was " + contextWindow);
    }
    if (maxOutputTokens < 1) {
      throw new IllegalArgumentException("maxOutputTokens must be >= 1, was " + maxOutputTokens);
    }
    if (perOutputToken.isNegative()) {
      throw new IllegalArgumentException("perOutputToken must not be negative");
    }
  }

  /** A model without generation delay, conversation checks or native structured output. */
  public ModelConfig(
      String id,
      int contextWindow,
      int maxOutputTokens,
      OverflowStyle overflowMessage,
      Distribution outputTokens) {
    this(
        id,
        contextWindow,
        maxOutputTokens,
        overflowMessage,
        outputTokens,
        Duration.ZERO,
        false,
        false);
  }

  /** The defaults used for a model the scenario does not list. */
  public static ModelConfig defaultsFor(String id) {
    return new ModelConfig(
        id,
        DEFAULT_CONTEXT_WINDOW,
        DEFAULT_MAX_OUTPUT_TOKENS,
        OverflowStyle.BEDROCK,
        DEFAULT_OUTPUT_TOKENS);
  }

  public ModelConfig withContextWindow(int tokens) {
    return new ModelConfig(
        id,
        tokens,
        maxOutputTokens,
        overflowMessage,
        outputTokens,
        perOutputToken,
        conversationChecks,
        nativeStructuredOutput);
  }

  public ModelConfig withMaxOutputTokens(int tokens) {
    return new ModelConfig(
        id,
        contextWindow,
        tokens,
        overflowMessage,
        outputTokens,
        perOutputToken,
        conversationChecks,
        nativeStructuredOutput);
  }

  public ModelConfig withOverflowMessage(OverflowStyle style) {
    return new ModelConfig(
        id,
        contextWindow,
        maxOutputTokens,
        style,
        outputTokens,
        perOutputToken,
        conversationChecks,
        nativeStructuredOutput);
  }

  public ModelConfig withOutputTokens(Distribution tokens) {
    return new ModelConfig(
        id,
        contextWindow,
        maxOutputTokens,
        overflowMessage,
        tokens,
        perOutputToken,
        conversationChecks,
        nativeStructuredOutput);
  }

  /** Generation time per output token (slow generation). */
  public ModelConfig withPerOutputToken(Duration perToken) {
    return new ModelConfig(
        id,
        contextWindow,
        maxOutputTokens,
        overflowMessage,
        outputTokens,
        perToken,
        conversationChecks,
        nativeStructuredOutput);
  }

  public ModelConfig withConversationChecks(boolean on) {
    return new ModelConfig(
        id,
        contextWindow,
        maxOutputTokens,
        overflowMessage,
        outputTokens,
        perOutputToken,
        on,
        nativeStructuredOutput);
  }

  public ModelConfig withNativeStructuredOutput(boolean on) {
    return new ModelConfig(
        id,
        contextWindow,
        maxOutputTokens,
        overflowMessage,
        outputTokens,
        perOutputToken,
        conversationChecks,
        on);
  }
}
