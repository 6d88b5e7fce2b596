package dev.ballast.simulator.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import dev.ballast.simulator.ErrorType;
import java.util.concurrent.ThreadLocalRandom;

/** Serves {@code POST /v1/chat/completions}. Thread-safe. */
final class OpenAiEndpoint {

  private final ModelCalls calls;
  private final String region;

  OpenAiEndpoint(ModelCalls calls, String region) {
    this.calls = calls;
    this.region = region;
  }

  void handle(HttpExchange exchange) {
    if (!"POST".equals(exchange.getRequestMethod())) {
      Responder.write(
          exchange,
          OpenAiReplies.error(
              ErrorType.VALIDATION, "Only POST is supported here.", null, "unknown"));
      return;
    }
    ParsedCall parsed;
    try {
      JsonNode body = HttpBodies.readJson(exchange);
      parsed = OpenAiRequests.chatCompletion(body, exchange.getRequestHeaders());
    } catch (BadRequestException e) {
      calls.rejected(region, null, ErrorType.VALIDATION);
      Responder.write(
          exchange, OpenAiReplies.error(ErrorType.VALIDATION, e.getMessage(), null, null));
      return;
    }
    Outcome outcome = calls.serve(Api.OPENAI, region, parsed);
    Reply reply =
        outcome instanceof Outcome.Success s
            ? OpenAiReplies.completion(
                s.answer(),
                parsed.modelId(),
                s.inputTokens(),
                calls.clock().instant().getEpochSecond(),
                ThreadLocalRandom.current().nextLong(),
                s.serviceTier())
            : OpenAiReplies.error((Outcome.Failure) outcome, parsed.modelId());
    calls.responder().send(exchange, reply, outcome.delayMillis());
  }
}
