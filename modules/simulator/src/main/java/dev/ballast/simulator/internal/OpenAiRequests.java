package dev.ballast.simulator.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.Headers;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Reads OpenAI chat completion request bodies. Stateless and thread-safe. */
final class OpenAiRequests {

  static final String REQUEST_ID_HEADER = "X-Ballast-Request-Id";
  static final String ATTEMPT_HEADER = "X-Ballast-Attempt";

  private OpenAiRequests() {}

  static ParsedCall chatCompletion(JsonNode body, Headers headers) {
    String model = body.path("model").asText("");
    if (model.isBlank()) {
      throw new BadRequestException("you must provide a model parameter");
    }
    JsonNode messages = body.path("messages");
    if (!messages.isArray() || messages.isEmpty()) {
      throw new BadRequestException("'messages' must be a non-empty array");
    }
    List<String> system = new ArrayList<>();
    List<Prompt.Message> turns = new ArrayList<>();
    List<ConversationShape.Turn> shape = new ArrayList<>();
    for (JsonNode m : messages) {
      String role = m.path("role").asText("");
      String text = content(m.path("content"));
      switch (role) {
        case "system", "developer" -> system.add(text);
        case "user", "assistant", "tool" -> {
          turns.add(new Prompt.Message(role, List.of(text)));
          shape.add(
              new ConversationShape.Turn(
                  role.equals("assistant") ? "assistant" : "user",
                  m.path("content").isNull() ? List.of() : Collections.singletonList(text)));
        }
        default ->
            throw new BadRequestException(
                "Invalid value for 'messages.role': '"
                    + role
                    + "'. Supported values are: 'system',"
                    + " 'developer', 'user', 'assistant' and 'tool'.");
      }
    }
    Integer maxTokens = maxTokens(body);
    long hash = Hashing.hash(0, model, messages, body.path("response_format"), maxTokens);
    return new ParsedCall(
        model,
        new Prompt(system, turns, List.of()),
        maxTokens,
        structured(body.path("response_format")),
        headers.getFirst(REQUEST_ID_HEADER),
        headers.getFirst(ATTEMPT_HEADER),
        hash,
        serviceTier(body.path("service_tier")),
        ConversationShape.of(shape));
  }

  /** {@code service_tier}; null when absent. */
  private static String serviceTier(JsonNode tier) {
    if (tier.isMissingNode() || tier.isNull()) {
      return null;
    }
    String value = tier.asText("");
    if (!List.of("auto", "default", "flex", "priority", "scale").contains(value)) {
      throw new BadRequestException(
          "Invalid value for 'service_tier': '"
              + value
              + "'. Supported values are: 'auto', 'default', 'flex', 'priority' and 'scale'.");
    }
    return value;
  }

  private static String content(JsonNode content) {
    if (content.isTextual()) {
      return content.asText();
    }
    StringBuilder b = new StringBuilder();
    for (JsonNode part : content) {
      if (part.hasNonNull("text")) {
        b.append(part.get("text").asText()).append('\n');
      }
    }
    return b.toString();
  }

  private static Integer maxTokens(JsonNode body) {
    JsonNode max =
        body.hasNonNull("max_completion_tokens")
            ? body.get("max_completion_tokens")
            : body.path("max_tokens");
    if (max.isMissingNode() || max.isNull()) {
      return null;
    }
    if (!max.isIntegralNumber() || !max.canConvertToInt() || max.asInt() < 1) {
      throw new BadRequestException("max_tokens must be an integer of at least 1, was " + max);
    }
    return max.asInt();
  }

  private static StructuredOutput structured(JsonNode format) {
    String type = format.path("type").asText("text");
    return switch (type) {
      case "text" -> null;
      case "json_object" -> StructuredOutput.anyObject();
      case "json_schema" -> {
        JsonNode spec = format.path("json_schema");
        JsonNode schema = spec.path("schema");
        if (!schema.isObject()) {
          throw new BadRequestException("response_format.json_schema.schema must be an object");
        }
        yield StructuredOutput.jsonText(spec.path("name").asText("response"), schema);
      }
      default ->
          throw new BadRequestException(
              "Invalid value for 'response_format.type': '"
                  + type
                  + "'. Supported values are:"
                  + " 'text', 'json_object' and 'json_schema'.");
    };
  }
}
