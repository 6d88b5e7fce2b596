package dev.ballast.simulator.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Reads Bedrock Converse and CountTokens request bodies. Stateless and thread-safe. */
final class BedrockRequests {

  static final String REQUEST_ID_KEY = "ballast-request-id";
  static final String ATTEMPT_KEY = "ballast-attempt";

  private BedrockRequests() {}

  static final List<String> SERVICE_TIERS = List.of("reserved", "priority", "default", "flex");

  /** Reads a Converse body. */
  static ParsedCall converse(String modelId, JsonNode body) {
    Prompt prompt = prompt(body);
    Integer maxTokens = maxTokens(body.path("inferenceConfig"));
    StructuredOutput structured = outputFormat(body.path("outputConfig"));
    if (structured == null) {
      structured = structured(body.path("toolConfig"));
    }
    JsonNode metadata = body.path("requestMetadata");
    String requestId =
        metadata.hasNonNull(REQUEST_ID_KEY) ? metadata.get(REQUEST_ID_KEY).asText() : null;
    String attempt = metadata.hasNonNull(ATTEMPT_KEY) ? metadata.get(ATTEMPT_KEY).asText() : null;
    long hash =
        Hashing.hash(
            0,
            modelId,
            body.path("messages"),
            body.path("system"),
            body.path("toolConfig"),
            body.path("outputConfig"),
            maxTokens);
    return new ParsedCall(
        modelId,
        prompt,
        maxTokens,
        structured,
        requestId,
        attempt,
        hash,
        serviceTier(body.path("serviceTier")),
        ConversationShape.ofConverse(body.path("messages")));
  }

  /** {@code serviceTier.type}, checked; null when absent. */
  private static String serviceTier(JsonNode tier) {
    if (tier.isMissingNode() || tier.isNull()) {
      return null;
    }
    String type = tier.path("type").asText("");
    if (!SERVICE_TIERS.contains(type)) {
      throw new BadRequestException(
          "The value at serviceTier.type must be one of "
              + String.join(", ", SERVICE_TIERS)
              + ", was '"
              + type
              + "'.");
    }
    return type;
  }

  /**
   * Converse's native structured output: {@code outputConfig.textFormat = {type: "json_schema",
   * structure: {jsonSchema: {schema: "<JSON text>", name, description}}}}; null when absent.
   */
  private static StructuredOutput outputFormat(JsonNode outputConfig) {
    JsonNode format = outputConfig.path("textFormat");
    if (format.isMissingNode() || format.isNull()) {
      return null;
    }
    if (!"json_schema".equals(format.path("type").asText(""))) {
      throw new BadRequestException(
          "The value at outputConfig.textFormat.type must be json_schema, was '"
              + format.path("type").asText("")
              + "'.");
    }
    JsonNode definition = format.path("structure").path("jsonSchema");
    JsonNode schemaText = definition.path("schema");
    if (!schemaText.isTextual()) {
      throw new BadRequestException(
          "outputConfig.textFormat.structure.jsonSchema.schema must be a JSON schema as a"
              + " string.");
    }
    JsonNode schema;
    try {
      schema = Json.MAPPER.readTree(schemaText.asText());
    } catch (IOException e) {
      throw new BadRequestException(
          "outputConfig.textFormat.structure.jsonSchema.schema is not valid JSON.");
    }
    if (schema == null || !schema.isObject()) {
      throw new BadRequestException(
          "outputConfig.textFormat.structure.jsonSchema.schema must be a JSON object.");
    }
    return StructuredOutput.nativeFormat(definition.path("name").asText("response"), schema);
  }

  /** Reads a CountTokens body: {@code {"input":{"converse":{messages, system, toolConfig}}}}. */
  static Prompt countTokens(JsonNode body) {
    JsonNode converse = body.path("input").path("converse");
    if (!converse.isObject()) {
      throw new BadRequestException(
          "CountTokens supports input.converse only; the request has no input.converse object.");
    }
    return prompt(converse);
  }

  static Prompt prompt(JsonNode body) {
    JsonNode messages = body.path("messages");
    if (!messages.isArray() || messages.isEmpty()) {
      throw new BadRequestException(
          "A conversation must start with a user message. Try again with a conversation that"
              + " starts with a user message.");
    }
    List<Prompt.Message> out = new ArrayList<>();
    for (JsonNode m : messages) {
      String role = m.path("role").asText("");
      if (!role.equals("user") && !role.equals("assistant")) {
        throw new BadRequestException(
            "Invalid role '" + role + "': a message's role must be user or assistant.");
      }
      List<String> parts = new ArrayList<>();
      for (JsonNode block : m.path("content")) {
        parts.add(blockText(block));
      }
      out.add(new Prompt.Message(role, parts));
    }
    List<String> system = new ArrayList<>();
    for (JsonNode s : body.path("system")) {
      if (s.hasNonNull("text")) {
        system.add(s.get("text").asText());
      }
    }
    List<String> tools = new ArrayList<>();
    for (JsonNode t : body.path("toolConfig").path("tools")) {
      tools.add(t.path("toolSpec").toString());
    }
    return new Prompt(system, out, tools);
  }

  private static String blockText(JsonNode block) {
    if (block.hasNonNull("text")) {
      return block.get("text").asText();
    }
    if (block.has("toolUse")) {
      JsonNode use = block.get("toolUse");
      return use.path("name").asText() + " " + use.path("input");
    }
    if (block.has("toolResult")) {
      StringBuilder b = new StringBuilder();
      for (JsonNode c : block.get("toolResult").path("content")) {
        b.append(c.hasNonNull("text") ? c.get("text").asText() : c.path("json").toString())
            .append('\n');
      }
      return b.toString();
    }
    return block.toString();
  }

  private static Integer maxTokens(JsonNode config) {
    JsonNode max = config.path("maxTokens");
    if (max.isMissingNode() || max.isNull()) {
      return null;
    }
    if (!max.canConvertToInt() || !max.isIntegralNumber() || max.asInt() < 1) {
      throw new BadRequestException(
          "The value at inferenceConfig.maxTokens must be an integer of at least 1, was " + max);
    }
    return max.asInt();
  }

  private static StructuredOutput structured(JsonNode toolConfig) {
    if (!toolConfig.isObject()) {
      return null;
    }
    JsonNode tools = toolConfig.path("tools");
    JsonNode choice = toolConfig.path("toolChoice");
    String name;
    if (choice.has("tool")) {
      name = choice.get("tool").path("name").asText("");
    } else if (choice.has("any") && tools.size() > 0) {
      name = tools.get(0).path("toolSpec").path("name").asText("");
    } else {
      return null;
    }
    for (JsonNode t : tools) {
      JsonNode spec = t.path("toolSpec");
      if (spec.path("name").asText("").equals(name)) {
        JsonNode schema = spec.path("inputSchema").path("json");
        return StructuredOutput.tool(name, schema.isObject() ? schema : Json.object());
      }
    }
    throw new BadRequestException(
        "The toolChoice names tool '" + name + "', which is not in toolConfig.tools.");
  }
}
