package dev.ballast.simulator.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ballast.simulator.EmptyAnswer;
import dev.ballast.simulator.StopReason;

/**
 * A successful model answer, provider-neutral: either text, or a structured value for a named tool
 * or schema, or an empty answer. Malformed structured answers are text (prose, truncated JSON) or a
 * wrong value.
 *
 * <p>Immutable (JSON nodes are never modified after construction).
 *
 * @param text the text, or null for a structured value or an empty answer
 * @param value the structured value (a tool call's input), or null
 * @param toolName the tool or schema the value is for, or null
 * @param outputTokens tokens generated
 * @param truncated true when cut at the request's max tokens
 * @param forced a stop reason forced by a fault rule, or null
 * @param empty the kind of empty answer, or null
 */
record Answer(
    String text,
    JsonNode value,
    String toolName,
    int outputTokens,
    boolean truncated,
    StopReason forced,
    EmptyAnswer empty) {

  static Answer text(String text, boolean truncated) {
    return new Answer(text, null, null, TokenCounter.count(text), truncated, null, null);
  }

  static Answer structured(String toolName, JsonNode value) {
    return new Answer(
        null, value, toolName, TokenCounter.count(Json.text(value)), false, null, null);
  }

  /** A tool call cut at {@code tokens}: its input holds only the properties that fit. */
  static Answer cutToolCall(String toolName, JsonNode partialValue, int tokens) {
    return new Answer(null, partialValue, toolName, tokens, true, null, null);
  }

  static Answer empty(EmptyAnswer kind) {
    return new Answer(kind == EmptyAnswer.BLANK_TEXT ? "" : null, null, null, 0, false, null, kind);
  }

  /** Text ended by a forced stop reason. */
  static Answer stopped(String text, StopReason reason) {
    return new Answer(text, null, null, TokenCounter.count(text), false, reason, null);
  }

  boolean isStructured() {
    return value != null;
  }

  /** The answer as one string: the text, or the value's JSON; empty for an empty answer. */
  String asText() {
    return text != null ? text : value != null ? Json.text(value) : "";
  }

  /** The Converse stop reason. */
  String stopReason() {
    if (forced != null) {
      return forced.wireName();
    }
    if (truncated) {
      return "max_tokens";
    }
    return isStructured() ? "tool_use" : "end_turn";
  }

  /** The OpenAI finish reason. */
  String finishReason() {
    if (forced != null) {
      return forced.openAiFinishReason();
    }
    return truncated ? "length" : "stop";
  }
}
