package dev.ballast.simulator;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * A Converse stop reason a fault rule can force on a successful (HTTP 200) answer, with what the
 * answer then holds and the OpenAI {@code finish_reason} it maps to.
 *
 * <p>This enum is immutable and thread-safe.
 */
public enum StopReason {
  /** Cut at the output budget: half the answer's tokens. OpenAI {@code length}. */
  MAX_TOKENS("max_tokens", "length"),
  /** Stopped by a content filter: half the answer's text. OpenAI {@code content_filter}. */
  CONTENT_FILTERED("content_filtered", "content_filter"),
  /**
   * Stopped by a guardrail: Bedrock's default blocked message {@code Sorry, the model cannot answer
   * this question.}. OpenAI {@code content_filter}.
   */
  GUARDRAIL_INTERVENED("guardrail_intervened", "content_filter"),
  /** Output that failed constrained decoding: no content. OpenAI {@code stop}. */
  MALFORMED_MODEL_OUTPUT("malformed_model_output", "stop"),
  /** A tool call that failed its schema: no content. OpenAI {@code stop}. */
  MALFORMED_TOOL_USE("malformed_tool_use", "stop"),
  /** The window filled while generating: half the answer's text. OpenAI {@code length}. */
  MODEL_CONTEXT_WINDOW_EXCEEDED("model_context_window_exceeded", "length");

  private final String wireName;
  private final String openAiFinishReason;

  StopReason(String wireName, String openAiFinishReason) {
    this.wireName = wireName;
    this.openAiFinishReason = openAiFinishReason;
  }

  /** The Converse {@code stopReason}, e.g. {@code content_filtered}. */
  public String wireName() {
    return wireName;
  }

  /** The OpenAI {@code finish_reason}. */
  public String openAiFinishReason() {
    return openAiFinishReason;
  }

  /**
   * Parses {@code content_filtered}, {@code CONTENT_FILTERED} or {@code contentFiltered}.
   *
   * @throws IllegalArgumentException naming the known values
   */
  public static StopReason parse(String text) {
    String wanted = ErrorType.normalize(text);
    for (StopReason r : values()) {
      if (ErrorType.normalize(r.name()).equals(wanted)) {
        return r;
      }
    }
    throw new IllegalArgumentException(
        "unknown stop reason '" + text + "' (known: " + known() + ")");
  }

  /** The accepted names, for error messages. */
  public static String known() {
    return Arrays.stream(values()).map(StopReason::wireName).collect(Collectors.joining(", "));
  }
}
