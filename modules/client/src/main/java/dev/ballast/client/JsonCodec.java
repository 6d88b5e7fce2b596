package dev.ballast.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ballast.schemas.Attempt;
import dev.ballast.schemas.AvroTrust;
import dev.ballast.schemas.InferenceConfig;
import dev.ballast.schemas.InferenceRequest;
import dev.ballast.schemas.InferenceResult;
import dev.ballast.schemas.Message;
import dev.ballast.schemas.Priority;
import dev.ballast.schemas.Role;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * The JSON form of requests and results, for command-line tools and bridges (SQS, HTTP). Field
 * names follow the Avro schemas; a request may also give a single {@code prompt} instead of {@code
 * messages}. Stateless and thread-safe.
 */
public final class JsonCodec {

  /** The shared mapper. */
  public static final ObjectMapper MAPPER = new ObjectMapper();

  private static final Set<String> REQUEST_FIELDS =
      Set.of(
          "id",
          "route",
          "prompt",
          "messages",
          "system",
          "maxTokens",
          "temperature",
          "topP",
          "stopSequences",
          "responseSchema",
          "deadline",
          "priority",
          "conversationId",
          "metadata");

  static {
    AvroTrust.install();
  }

  private JsonCodec() {}

  /**
   * Reads one request. A missing {@code id} gets a random UUID, a missing {@code route} gets {@code
   * defaultRoute}.
   *
   * @throws IllegalArgumentException naming the field and what is wrong
   */
  public static InferenceRequest request(JsonNode json, String defaultRoute) {
    if (json == null || !json.isObject()) {
      throw new IllegalArgumentException("a request must be a JSON object");
    }
    json.fieldNames()
        .forEachRemaining(
            f -> {
              if (!REQUEST_FIELDS.contains(f)) {
                throw new IllegalArgumentException(
                    "unknown field '" + f + "' (known: " + new TreeSet<>(REQUEST_FIELDS) + ")");
              }
            });
    List<Message> messages = new ArrayList<>();
    if (json.has("prompt")) {
      messages.add(new Message(Role.USER, text(json, "prompt")));
    }
    if (json.has("messages")) {
      JsonNode list = json.get("messages");
      if (!list.isArray()) {
        throw new IllegalArgumentException("'messages' must be an array");
      }
      for (int i = 0; i < list.size(); i++) {
        JsonNode m = list.get(i);
        String role = m.path("role").asText("user").toUpperCase(Locale.ROOT);
        if (!role.equals("USER") && !role.equals("ASSISTANT")) {
          throw new IllegalArgumentException(
              "'messages[" + i + "].role' must be user or assistant");
        }
        if (!m.path("content").isTextual()) {
          throw new IllegalArgumentException("'messages[" + i + "].content' must be a string");
        }
        messages.add(new Message(Role.valueOf(role), m.get("content").asText()));
      }
    }
    if (messages.isEmpty()) {
      throw new IllegalArgumentException("a request needs 'prompt' or 'messages'");
    }
    InferenceConfig inference = null;
    if (json.has("maxTokens")
        || json.has("temperature")
        || json.has("topP")
        || json.has("stopSequences")) {
      List<String> stops = new ArrayList<>();
      json.path("stopSequences").forEach(s -> stops.add(s.asText()));
      inference =
          InferenceConfig.newBuilder()
              .setMaxTokens(json.has("maxTokens") ? json.get("maxTokens").asInt() : null)
              .setTemperature(
                  json.has("temperature") ? (float) json.get("temperature").asDouble() : null)
              .setTopP(json.has("topP") ? (float) json.get("topP").asDouble() : null)
              .setStopSequences(stops)
              .build();
    }
    String schema = null;
    if (json.has("responseSchema") && !json.get("responseSchema").isNull()) {
      JsonNode s = json.get("responseSchema");
      schema = s.isTextual() ? s.asText() : s.toString();
    }
    Map<String, String> metadata = new LinkedHashMap<>();
    json.path("metadata")
        .properties()
        .forEach(e -> metadata.put(e.getKey(), e.getValue().asText()));
    Priority priority = Priority.NORMAL;
    if (json.has("priority")) {
      try {
        priority = Priority.valueOf(json.get("priority").asText().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("'priority' must be HIGH, NORMAL or LOW");
      }
    }
    return InferenceRequest.newBuilder()
        .setId(json.has("id") ? text(json, "id") : UUID.randomUUID().toString())
        .setRoute(json.has("route") ? text(json, "route") : defaultRoute)
        .setMessages(messages)
        .setSystem(json.has("system") ? text(json, "system") : null)
        .setInference(inference)
        .setResponseSchema(schema)
        .setDeadline(json.has("deadline") ? instant(json.get("deadline"), "deadline") : null)
        .setPriority(priority)
        .setConversationId(json.has("conversationId") ? text(json, "conversationId") : null)
        .setSubmittedAt(Instant.now())
        .setMetadata(metadata)
        .build();
  }

  /** The JSON form of a result. */
  public static ObjectNode result(InferenceResult r) {
    ObjectNode o = MAPPER.createObjectNode();
    o.put("id", r.getId());
    o.put("status", r.getStatus().name());
    putIfSet(o, "route", r.getRoute());
    putIfSet(o, "text", r.getText());
    if (r.getJson() != null) {
      try {
        o.set("json", MAPPER.readTree(r.getJson()));
      } catch (JsonProcessingException e) {
        o.put("json", r.getJson());
      }
    }
    putIfSet(o, "stopReason", r.getStopReason());
    if (r.getServedBy() != null) {
      ObjectNode s = o.putObject("servedBy");
      s.put("provider", r.getServedBy().getProvider());
      s.put("model", r.getServedBy().getModel());
      putIfSet(s, "region", r.getServedBy().getRegion());
      putIfSet(s, "serviceTier", r.getServedBy().getServiceTier());
    }
    ArrayNode attempts = o.putArray("attempts");
    for (Attempt a : r.getAttempts()) {
      ObjectNode n = attempts.addObject();
      n.put("endpoint", a.getEndpoint());
      n.put("outcome", a.getOutcome().name());
      n.put("startedAt", a.getStartedAt().toString());
      n.put("latencyMs", a.getLatencyMs());
      if (a.getInputTokens() != null) {
        n.put("inputTokens", a.getInputTokens());
      }
      if (a.getOutputTokens() != null) {
        n.put("outputTokens", a.getOutputTokens());
      }
      putIfSet(n, "errorCode", a.getErrorCode());
    }
    ArrayNode degradations = o.putArray("degradations");
    r.getDegradations().forEach(d -> degradations.add(d.name()));
    if (r.getUsage() != null) {
      ObjectNode u = o.putObject("usage");
      u.put("inputTokens", r.getUsage().getInputTokens());
      u.put("outputTokens", r.getUsage().getOutputTokens());
      u.put("totalTokens", r.getUsage().getTotalTokens());
    }
    if (r.getLatencyMs() != null) {
      o.put("latencyMs", r.getLatencyMs());
    }
    if (r.getError() != null) {
      ObjectNode e = o.putObject("error");
      e.put("code", r.getError().getCode());
      e.put("message", r.getError().getMessage());
    }
    o.put("completedAt", r.getCompletedAt().toString());
    if (!r.getMetadata().isEmpty()) {
      ObjectNode m = o.putObject("metadata");
      r.getMetadata().forEach(m::put);
    }
    return o;
  }

  private static void putIfSet(ObjectNode o, String name, String value) {
    if (value != null) {
      o.put(name, value);
    }
  }

  private static String text(JsonNode json, String field) {
    JsonNode v = json.get(field);
    if (!v.isTextual() || v.asText().isEmpty()) {
      throw new IllegalArgumentException("'" + field + "' must be a non-empty string");
    }
    return v.asText();
  }

  private static Instant instant(JsonNode v, String field) {
    if (v.isNumber()) {
      return Instant.ofEpochMilli(v.asLong());
    }
    try {
      return Instant.parse(v.asText());
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          "'"
              + field
              + "' must be epoch milliseconds or an ISO-8601 instant such as 2026-01-01T00:00:00Z");
    }
  }
}
