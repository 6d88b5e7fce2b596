package dev.ballast.simulator;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * How a model words its context overflow. N is the counted input tokens, O the requested (or
 * default) output tokens, W the context window. Every style but {@link #STOP_REASON} answers a
 * {@code ValidationException} 400 (OpenAI wire: 400 {@code context_length_exceeded}).
 *
 * <p>This enum is immutable and thread-safe.
 */
public enum OverflowStyle {
  /** Bedrock: {@code Input is too long for requested model.} */
  BEDROCK("bedrock"),
  /** Anthropic: {@code prompt is too long: N tokens > W−O maximum}. */
  ANTHROPIC("anthropic"),
  /**
   * Bedrock's Mistral and Llama models, Gemini: {@code The input token count (N) exceeds the
   * maximum number of tokens allowed (W−O).}
   */
  INPUT_TOKEN_COUNT("inputTokenCount"),
  /**
   * OpenAI: {@code This model's maximum context length is W tokens. However, your messages resulted
   * in N tokens. Please reduce the length of the messages.} (input alone over W), else {@code …
   * However, you requested N+O tokens (N in the messages, O in the completion). Please reduce the
   * length of the messages or completion.}
   */
  OPENAI("openai"),
  /**
   * vLLM: {@code This model's maximum context length is W tokens. However, your request has N input
   * tokens. Please reduce the length of the input messages.} (input alone over W), else {@code
   * 'max_tokens' or 'max_completion_tokens' is too large: O. This model's maximum context length is
   * W tokens and your request has N input tokens (O > W - N).}
   */
  VLLM("vllm"),
  /**
   * Mistral: {@code Prompt contains N tokens and 0 draft tokens, too large for model with W maximum
   * context length}.
   */
  MISTRAL("mistral"),
  /**
   * Converse's {@code stopReason: model_context_window_exceeded}: HTTP 200 with the part of the
   * answer that fit in W−N tokens (OpenAI wire: {@code finish_reason: length}).
   */
  STOP_REASON("stopReason");

  private final String configName;

  OverflowStyle(String configName) {
    this.configName = configName;
  }

  /** The name used in scenario files, e.g. {@code inputTokenCount}. */
  public String configName() {
    return configName;
  }

  /** The message for a failed call; null for {@link #STOP_REASON}. */
  public String message(int inputTokens, int outputTokens, int contextWindow) {
    int inputLimit = Math.max(0, contextWindow - outputTokens);
    return switch (this) {
      case BEDROCK -> "Input is too long for requested model.";
      case ANTHROPIC ->
          "prompt is too long: " + inputTokens + " tokens > " + inputLimit + " maximum";
      case INPUT_TOKEN_COUNT ->
          "The input token count ("
              + inputTokens
              + ") exceeds the maximum number of tokens allowed ("
              + inputLimit
              + ").";
      case OPENAI ->
          inputTokens > contextWindow
              ? "This model's maximum context length is "
                  + contextWindow
                  + " tokens. However, your messages resulted in "
                  + inputTokens
                  + " tokens. Please reduce the length of the messages."
              : "This model's maximum context length is "
                  + contextWindow
                  + " tokens. However, you requested "
                  + (inputTokens + outputTokens)
                  + " tokens ("
                  + inputTokens
                  + " in the messages, "
                  + outputTokens
                  + " in the completion). Please reduce the length of the messages or completion.";
      case VLLM ->
          inputTokens > contextWindow
              ? "This model's maximum context length is "
                  + contextWindow
                  + " tokens. However, your request has "
                  + inputTokens
                  + " input tokens. Please reduce the length of the input messages."
              : "'max_tokens' or 'max_completion_tokens' is too large: "
                  + outputTokens
                  + ". This model's maximum context length is "
                  + contextWindow
                  + " tokens and your request has "
                  + inputTokens
                  + " input tokens ("
                  + outputTokens
                  + " > "
                  + contextWindow
                  + " - "
                  + inputTokens
                  + ").";
      case MISTRAL ->
          "Prompt contains "
              + inputTokens
              + " tokens and 0 draft tokens, too large for model with "
              + contextWindow
              + " maximum context length";
      case STOP_REASON -> null;
    };
  }

  /**
   * Parses {@code inputTokenCount}, {@code INPUT_TOKEN_COUNT} or {@code input-token-count}.
   *
   * @throws IllegalArgumentException naming the known values
   */
  public static OverflowStyle parse(String text) {
    String wanted = ErrorType.normalize(text);
    for (OverflowStyle s : values()) {
      if (ErrorType.normalize(s.name()).equals(wanted)) {
        return s;
      }
    }
    throw new IllegalArgumentException(
        "unknown overflowMessage '" + text + "' (known: " + known() + ")");
  }

  /** The accepted names, for error messages. */
  public static String known() {
    return Arrays.stream(values()).map(OverflowStyle::configName).collect(Collectors.joining(", "));
  }
}
