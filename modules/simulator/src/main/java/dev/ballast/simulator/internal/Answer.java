package dev.ballast.simulator.internal;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A successful model answer, provider-neutral: either text, or a structured value for a named tool
 * or schema. Malformed structured answers are text (prose, truncated JSON) or a wrong value.
 *
 * <p>Immutable (JSON nodes are never modified after construction).
 *
 * @param text the text, or null for a structured value
 * @param value the structured value, or null for text
 * @param toolName the tool or schema the value is for, or null
 * @param outputTokens tokens of the answer
 * @param truncated true when cut at the request's max tokens
 */
record Answer(String text, JsonNode value, String toolName, int outputTokens, boolean truncated) {

  static Answer text(String text, boolean truncated) {
    return new Answer(text, null, null, TokenCounter.count(text), truncated);
  }

  static Answer structured(String toolName, JsonNode value) {
    return new Answer(null, value, toolName, TokenCounter.count(Json.text(value)), false);
  }

  boolean isStructured() {
    return value != null;
  }

  /** The answer as one string: the text, or the value's JSON. */
  String asText() {
    return text != null ? text : Json.text(value);
  }
}
