package dev.ballast.simulator.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ballast.simulator.ErrorType;
import java.time.Duration;

/** Renders Bedrock Converse answers and errors. Stateless and thread-safe. */
final class BedrockReplies {

  static final String REQUEST_ID_HEADER = "x-amzn-RequestId";
  static final String ERROR_TYPE_HEADER = "x-amzn-ErrorType";
  static final String ERROR_TYPE_SUFFIX = ":http://internal.amazon.com/coral/com.amazon.bedrock/";

  private BedrockReplies() {}

  /** A Converse success: text, tool use, or a malformed text block. */
  static Reply converse(Answer answer, int inputTokens, long latencyMillis, long seed) {
    ObjectNode body = Json.object();
    ObjectNode message = body.putObject("output").putObject("message");
    message.put("role", "assistant");
    ArrayNode content = message.putArray("content");
    String stopReason;
    if (answer.isStructured()) {
      ObjectNode use = content.addObject().putObject("toolUse");
      use.put("toolUseId", Ids.derived("tooluse_", seed ^ answer.value().hashCode(), 22));
      use.put("name", answer.toolName());
      use.set("input", answer.value());
      stopReason = "tool_use";
    } else {
      content.addObject().put("text", answer.text());
      stopReason = answer.truncated() ? "max_tokens" : "end_turn";
    }
    body.put("stopReason", stopReason);
    ObjectNode usage = body.putObject("usage");
    usage.put("inputTokens", inputTokens);
    usage.put("outputTokens", answer.outputTokens());
    usage.put("totalTokens", inputTokens + answer.outputTokens());
    body.putObject("metrics").put("latencyMs", latencyMillis);
    return Reply.json(200, body).withHeader(REQUEST_ID_HEADER, Ids.requestId());
  }

  /** A CountTokens answer. */
  static Reply countTokens(int inputTokens) {
    return Reply.json(200, Json.object().put("inputTokens", inputTokens))
        .withHeader(REQUEST_ID_HEADER, Ids.requestId());
  }

  /** A Bedrock error: status, {@code x-amzn-ErrorType}, {@code {"message":…}}. */
  static Reply error(ErrorType type, String message, Duration retryAfter) {
    Reply reply =
        Reply.json(type.httpStatus(), Json.object().put("message", message))
            .withHeader(ERROR_TYPE_HEADER, type.wireName() + ERROR_TYPE_SUFFIX)
            .withHeader(REQUEST_ID_HEADER, Ids.requestId());
    if (retryAfter != null) {
      long seconds = (retryAfter.toMillis() + 999) / 1000;
      reply = reply.withHeader("Retry-After", Long.toString(seconds));
    }
    return reply;
  }

  static Reply error(Outcome.Failure failure) {
    return error(failure.type(), failure.message(), failure.retryAfter());
  }
}
