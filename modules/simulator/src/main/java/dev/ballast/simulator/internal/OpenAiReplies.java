package dev.ballast.simulator.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ballast.simulator.ErrorType;
import java.time.Duration;

/**
 * Renders OpenAI chat completions and errors; Bedrock error types map to OpenAI's statuses and
 * codes. Stateless and thread-safe.
 */
final class OpenAiReplies {

  private OpenAiReplies() {}

  static Reply completion(
      Answer answer, String model, int inputTokens, long createdEpochSecond, long idSeed) {
    ObjectNode body = Json.object();
    body.put("id", Ids.derived("chatcmpl-", idSeed, 24));
    body.put("object", "chat.completion");
    body.put("created", createdEpochSecond);
    body.put("model", model);
    ObjectNode choice = body.putArray("choices").addObject();
    choice.put("index", 0);
    ObjectNode message = choice.putObject("message");
    message.put("role", "assistant");
    message.put("content", answer.asText());
    message.putNull("refusal");
    choice.put("finish_reason", answer.truncated() ? "length" : "stop");
    ObjectNode usage = body.putObject("usage");
    usage.put("prompt_tokens", inputTokens);
    usage.put("completion_tokens", answer.outputTokens());
    usage.put("total_tokens", inputTokens + answer.outputTokens());
    return Reply.json(200, body).withHeader("x-request-id", Ids.requestId());
  }

  static Reply error(Outcome.Failure failure, String model) {
    return error(
        failure.type(), failure.message(), failure.retryAfter(), failure.overflow(), model);
  }

  static Reply error(
      ErrorType type,
      String bedrockMessage,
      Duration retryAfter,
      Outcome.Overflow overflow,
      String model) {
    int status;
    String errorType;
    String code;
    String message = bedrockMessage;
    String param = null;
    switch (type) {
      case THROTTLING -> {
        status = 429;
        errorType = "requests";
        code = "rate_limit_exceeded";
        if (message.equals(type.defaultMessage())) {
          message = "Rate limit reached for " + model + ". Please try again later.";
        }
      }
      case MODEL_NOT_READY -> {
        status = 429;
        errorType = "requests";
        code = "model_not_ready";
      }
      case SERVICE_QUOTA_EXCEEDED -> {
        status = 429;
        errorType = "insufficient_quota";
        code = "insufficient_quota";
      }
      case INTERNAL_SERVER, MODEL_ERROR -> {
        status = 500;
        errorType = "server_error";
        code = "server_error";
      }
      case SERVICE_UNAVAILABLE -> {
        status = 503;
        errorType = "server_error";
        code = "service_unavailable";
      }
      case MODEL_TIMEOUT -> {
        status = 408;
        errorType = "timeout";
        code = "timeout";
      }
      case CONTEXT_OVERFLOW -> {
        status = 400;
        errorType = "invalid_request_error";
        code = "context_length_exceeded";
        param = "messages";
        if (overflow != null) {
          message = contextMessage(overflow);
        }
      }
      case ACCESS_DENIED -> {
        status = 403;
        errorType = "invalid_request_error";
        code = "permission_denied";
      }
      case RESOURCE_NOT_FOUND -> {
        status = 404;
        errorType = "invalid_request_error";
        code = "model_not_found";
        if (message.equals(type.defaultMessage())) {
          message = "The model `" + model + "` does not exist or you do not have access to it.";
        }
      }
      default -> {
        status = 400;
        errorType = "invalid_request_error";
        code = "invalid_request";
      }
    }
    ObjectNode error = Json.object();
    ObjectNode inner = error.putObject("error");
    inner.put("message", message);
    inner.put("type", errorType);
    inner.put("param", param);
    inner.put("code", code);
    Reply reply = Reply.json(status, error).withHeader("x-request-id", Ids.requestId());
    if (retryAfter != null) {
      reply = reply.withHeader("Retry-After", Long.toString((retryAfter.toMillis() + 999) / 1000));
    }
    return reply;
  }

  private static String contextMessage(Outcome.Overflow o) {
    if (o.inputTokens() > o.contextWindow()) {
      return "This model's maximum context length is "
          + o.contextWindow()
          + " tokens. However, your messages resulted in "
          + o.inputTokens()
          + " tokens. Please reduce the length of the messages.";
    }
    return "This model's maximum context length is "
        + o.contextWindow()
        + " tokens. However, you requested "
        + (o.inputTokens() + o.maxTokens())
        + " tokens ("
        + o.inputTokens()
        + " in the messages, "
        + o.maxTokens()
        + " in the completion). Please reduce the length of the messages or completion.";
  }
}
