package dev.ballast.simulator.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import dev.ballast.simulator.ErrorType;

/** Serves {@code POST /model/{modelId}/converse} and {@code /count-tokens}. Thread-safe. */
final class BedrockEndpoint {

  private final ModelCalls calls;
  private final String region;

  BedrockEndpoint(ModelCalls calls, String region) {
    this.calls = calls;
    this.region = region;
  }

  void handle(HttpExchange exchange, String rawPath) {
    String[] parts = rawPath.split("/");
    // "", "model", "{id}", "{operation}"
    if (parts.length != 4 || !"POST".equals(exchange.getRequestMethod())) {
      Responder.write(exchange, BedrockReplies.unknownOperation());
      return;
    }
    String modelId = HttpBodies.decodeSegment(parts[2]);
    switch (parts[3]) {
      case "converse" -> converse(exchange, modelId);
      case "count-tokens" -> countTokens(exchange, modelId);
      default -> Responder.write(exchange, BedrockReplies.unknownOperation());
    }
  }

  private void converse(HttpExchange exchange, String modelId) {
    ParsedCall parsed;
    try {
      JsonNode body = HttpBodies.readJson(exchange);
      parsed = BedrockRequests.converse(modelId, body);
    } catch (BadRequestException e) {
      calls.rejected(region, modelId, ErrorType.VALIDATION);
      Responder.write(exchange, BedrockReplies.error(ErrorType.VALIDATION, e.getMessage()));
      return;
    }
    Outcome outcome = calls.serve(Api.BEDROCK, region, parsed);
    Reply reply =
        outcome instanceof Outcome.Success s
            ? BedrockReplies.converse(
                s.answer(), s.inputTokens(), s.delayMillis(), parsed.contentHash(), s.serviceTier())
            : BedrockReplies.error((Outcome.Failure) outcome);
    calls.responder().send(exchange, reply, outcome.delayMillis());
  }

  private void countTokens(HttpExchange exchange, String modelId) {
    if (calls.refusesModel(modelId)) {
      Responder.write(
          exchange,
          BedrockReplies.error(
              ErrorType.RESOURCE_NOT_FOUND, ErrorType.RESOURCE_NOT_FOUND.defaultMessage()));
      return;
    }
    try {
      Prompt prompt = BedrockRequests.countTokens(HttpBodies.readJson(exchange));
      Responder.write(exchange, BedrockReplies.countTokens(TokenCounter.count(prompt)));
    } catch (BadRequestException e) {
      Responder.write(exchange, BedrockReplies.error(ErrorType.VALIDATION, e.getMessage()));
    }
  }
}
