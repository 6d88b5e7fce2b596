package dev.ballast.modelclient;

import dev.ballast.schemas.ReasonCode;

/**
 * The classifier's rules for answers that came back without an error: an empty answer, a stop
 * reason that says the input overflowed, the content was filtered or the output was malformed, a
 * structured answer cut off at {@code maxTokens}. Stop reasons as Bedrock Converse and OpenAI Chat
 * Completions document them. Used through {@link ErrorClassifier#classifyAnswer}. Stateless.
 */
final class AnswerFailures {

  private AnswerFailures() {}

  /**
   * Classifies an answer that came back without an error but cannot be a result: an empty answer, a
   * stop reason that says the input overflowed, the content was filtered or the output was
   * malformed, or a structured answer cut off at {@code maxTokens}.
   *
   * @return the failure, or null when the answer can be used
   */
  static Failure of(ModelRequest request, ModelResponse response) {
    String stop = response.stopReason() == null ? "" : response.stopReason();
    String type = "stopReason:" + stop;
    switch (stop) {
      case "model_context_window_exceeded":
        return new Failure(
            FailureClass.CONTEXT_OVERFLOW,
            ReasonCode.CONTEXT_OVERFLOW,
            "the model stopped: the input and output exceed its context window",
            type,
            200,
            null);
      case "content_filtered", "guardrail_intervened", "content_filter":
        return new Failure(
            FailureClass.PERMANENT,
            ReasonCode.CONTENT_FILTERED,
            "the provider's content filter stopped the answer (" + stop + ")",
            type,
            200,
            null);
      case "malformed_model_output", "malformed_tool_use":
        return new Failure(
            FailureClass.MALFORMED_OUTPUT,
            ReasonCode.INVALID_OUTPUT,
            "the model's output was malformed (" + stop + ")",
            type,
            200,
            null);
      default:
        break;
    }
    boolean empty =
        (response.text() == null || response.text().isBlank()) && response.json() == null;
    if (empty) {
      return new Failure(
          FailureClass.REQUEST_ERROR,
          ReasonCode.EMPTY_ANSWER,
          "the model answered with no content (" + response.outputTokens() + " output tokens)",
          type,
          200,
          null);
    }
    if (request.responseSchema() != null && (stop.equals("max_tokens") || stop.equals("length"))) {
      return new Failure(
          FailureClass.PERMANENT,
          ReasonCode.OUTPUT_TRUNCATED,
          "the structured answer was cut off at maxTokens"
              + (request.maxTokens() == null ? "" : " = " + request.maxTokens())
              + "; raise maxTokens",
          type,
          200,
          null);
    }
    return null;
  }
}
