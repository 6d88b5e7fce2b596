package dev.ballast.simulator.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ballast.simulator.EmptyAnswer;
import dev.ballast.simulator.ErrorType;
import java.util.Map;

/** Renders Bedrock Converse answers and errors. Stateless and thread-safe. */
final class BedrockReplies {

  static final String REQUEST_ID_HEADER = "x-amzn-RequestId";
  static final String ERROR_TYPE_HEADER = "x-amzn-ErrorType";
  static final String ERROR_TYPE_SUFFIX = ":http://internal.amazon.com/coral/com.amazon.bedrock/";

  private BedrockReplies() {}

  /**
   * A Converse success: text, tool use, a malformed text block, or an empty answer ({@code content:
   * []}, no {@code content}, or blank text); {@code serviceTier} echoed when sent.
   */
  static Reply converse(
      Answer answer, int inputTokens, long latencyMillis, long seed, String serviceTier) {
    ObjectNode body = Json.object();
    ObjectNode message = body.putObject("output").putObject("message");
    message.put("role", "assistant");
    if (answer.empty() != EmptyAnswer.NULL_CONTENT) {
      ArrayNode content = message.putArray("content");
      if (answer.isStructured()) {
        ObjectNode use = content.addObject().putObject("toolUse");
        use.put("toolUseId", Ids.derived("tooluse_", seed ^ answer.value().hashCode(), 22));
        use.put("name", answer.toolName());
        use.set("input", answer.value());
      } else if (answer.text() != null) {
        content.addObject().put("text", answer.text());
      }
    }
    body.put("stopReason", answer.stopReason());
    ObjectNode usage = body.putObject("usage");
    usage.put("inputTokens", inputTokens);
    usage.put("outputTokens", answer.outputTokens());
    usage.put("totalTokens", inputTokens + answer.outputTokens());
    body.putObject("metrics").put("latencyMs", latencyMillis);
    if (serviceTier != null) {
      body.putObject("serviceTier").put("type", serviceTier);
    }
    return Reply.json(200, body).withHeader(REQUEST_ID_HEADER, Ids.requestId());
  }

  /** A CountTokens answer. */
  static Reply countTokens(int inputTokens) {
    return Reply.json(200, Json.object().put("inputTokens", inputTokens))
        .withHeader(REQUEST_ID_HEADER, Ids.requestId());
  }

  /** A Bedrock error: status, {@code x-amzn-ErrorType}, {@code {"message":…}}. */
  static Reply error(ErrorType type, String message) {
    return Reply.json(type.httpStatus(), Json.object().put("message", message))
        .withHeader(ERROR_TYPE_HEADER, type.wireName() + ERROR_TYPE_SUFFIX)
        .withHeader(REQUEST_ID_HEADER, Ids.requestId());
  }

  /** A Bedrock error with the failure's extra headers (rate-limit hints). */
  static Reply error(Outcome.Failure failure) {
    Reply reply = error(failure.type(), failure.message());
    for (Map.Entry<String, String> h : failure.headers().entrySet()) {
      reply = reply.withHeader(h.getKey(), h.getValue());
    }
    return reply;
  }

  /** What AWS answers for a path or method it does not know. */
  static Reply unknownOperation() {
    return Reply.json(404, Json.object().put("message", "Unknown operation"))
        .withHeader(ERROR_TYPE_HEADER, "UnknownOperationException" + ERROR_TYPE_SUFFIX)
        .withHeader(REQUEST_ID_HEADER, Ids.requestId());
  }
}
