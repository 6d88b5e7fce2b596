package dev.ballast.simulator.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ballast.simulator.EmptyAnswer;
import dev.ballast.simulator.ErrorType;
import dev.ballast.simulator.OverflowStyle;
import java.util.Map;

/**
 * Renders OpenAI chat completions and errors; Bedrock error types map to OpenAI's statuses and
 * codes. Stateless and thread-safe.
 */
final class OpenAiReplies {

  private OpenAiReplies() {}

  static Reply completion(
      Answer answer,
      String model,
      int inputTokens,
      long createdEpochSecond,
      long idSeed,
      String serviceTier) {
    ObjectNode body = Json.object();
    body.put("id", Ids.derived("chatcmpl-", idSeed, 24));
    body.put("object", "chat.completion");
    body.put("created", createdEpochSecond);
    body.put("model", model);
    ObjectNode choice = body.putArray("choices").addObject();
    choice.put("index", 0);
    ObjectNode message = choice.putObject("message");
    message.put("role", "assistant");
    if (answer.empty() == EmptyAnswer.NULL_CONTENT) {
      message.putNull("content");
    } else {
      message.put("content", answer.asText());
    }
    message.putNull("refusal");
    choice.put("finish_reason", answer.finishReason());
    ObjectNode usage = body.putObject("usage");
    usage.put("prompt_tokens", inputTokens);
    usage.put("completion_tokens", answer.outputTokens());
    usage.put("total_tokens", inputTokens + answer.outputTokens());
    if (serviceTier != null) {
      body.put("service_tier", serviceTier.equals("auto") ? "default" : serviceTier);
    }
    return Reply.json(200, body).withHeader("x-request-id", Ids.requestId());
  }

  static Reply error(Outcome.Failure failure, String model) {
    Reply reply =
        failure.type() == ErrorType.OVERLOADED
            ? overloaded()
            : failure.outputLimit() != null
                ? outputLimit(failure.outputLimit())
                : error(failure.type(), failure.message(), failure.overflow(), model);
    for (Map.Entry<String, String> h : failure.headers().entrySet()) {
      reply = reply.withHeader(h.getKey(), h.getValue());
    }
    return reply;
  }

  /** Anthropic's overloaded answer, as OpenAI-compatible gateways in front of it pass it on. */
  static Reply overloaded() {
    ObjectNode body = Json.object().put("type", "error");
    body.putObject("error").put("type", "overloaded_error").put("message", "Overloaded");
    return Reply.json(529, body).withHeader("x-request-id", Ids.requestId());
  }

  /** OpenAI's answer for a max_tokens above the model's output limit. */
  static Reply outputLimit(Outcome.OutputLimit limit) {
    ObjectNode error = Json.object();
    ObjectNode inner = error.putObject("error");
    inner.put(
        "message",
        "max_tokens is too large: "
            + limit.requested()
            + ". This model supports at most "
            + limit.limit()
            + " completion tokens, whereas you provided "
            + limit.requested()
            + ".");
    inner.put("type", "invalid_request_error");
    inner.put("param", "max_tokens");
    inner.put("code", "invalid_value");
    return Reply.json(400, error).withHeader("x-request-id", Ids.requestId());
  }

  static Reply error(
      ErrorType type, String bedrockMessage, Outcome.Overflow overflow, String model) {
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
      case SERVICE_UNAVAILABLE, OVERLOADED -> {
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
        if (overflow != null && overflow.openAiStyle()) {
          message =
              OverflowStyle.OPENAI.message(
                  overflow.inputTokens(), overflow.maxTokens(), overflow.contextWindow());
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
    return Reply.json(status, error).withHeader("x-request-id", Ids.requestId());
  }
}
