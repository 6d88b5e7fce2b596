package dev.ballast.cli.backfill.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ballast.client.JsonCodec;
import java.nio.file.Path;

/**
 * The OpenAI Batch API: input lines {@code {"custom_id", "method": "POST", "url":
 * "/v1/chat/completions", "body": {model, messages, max_tokens | max_completion_tokens,
 * temperature, top_p, stop, response_format}}}; output {@code <name>.output.jsonl} lines {@code
 * {"id", "custom_id", "response": {"status_code", "request_id", "body"}, "error"}} whose body is a
 * {@code chat.completion}. Source: OpenAI API reference, "Batch" and "The request input object".
 */
public final class OpenAiFormat implements BatchFormat {

  private static final String URL = "/v1/chat/completions";

  private final BackfillRouting routing;

  public OpenAiFormat(BackfillRouting routing) {
    this.routing = routing;
  }

  @Override
  public String name() {
    return "openai";
  }

  @Override
  public BatchLine parse(String text, long number, String requestId) {
    JsonNode json;
    try {
      json = JsonCodec.MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      return BatchLine.bad(
          number,
          BatchLines.salvage(text, "custom_id"),
          null,
          "not valid JSON at column " + BatchLines.column(e));
    }
    if (json == null || !json.isObject()) {
      return BatchLine.bad(number, null, null, "a line must be a JSON object");
    }
    String key = BatchLines.text(json, "custom_id");
    if (key == null || key.isEmpty()) {
      return BatchLine.bad(number, null, null, "'custom_id' is required");
    }
    if (!"POST".equals(BatchLines.text(json, "method"))) {
      return BatchLine.bad(number, key, null, "'method' must be POST");
    }
    if (!URL.equals(BatchLines.text(json, "url"))) {
      return BatchLine.bad(
          number, key, null, "'url' must be " + URL + ", was " + json.path("url").toString());
    }
    JsonNode body = json.get("body");
    if (body == null || !body.isObject()) {
      return BatchLine.bad(number, key, null, "'body' must be an object");
    }
    String model = BatchLines.text(body, "model");
    try {
      if (model == null) {
        throw new IllegalArgumentException("'body.model' is required");
      }
      ObjectNode request = Messages.fromOpenAi(body);
      request.put("id", requestId);
      request.put("route", routing.routeOf(model));
      JsonNode max =
          body.has("max_completion_tokens")
              ? body.get("max_completion_tokens")
              : body.get("max_tokens");
      if (max != null && !max.isNull()) {
        if (!max.isIntegralNumber()) {
          throw new IllegalArgumentException("'body.max_tokens' must be an integer");
        }
        request.set("maxTokens", max);
      }
      number(body, "temperature", request, "temperature");
      number(body, "top_p", request, "topP");
      JsonNode stop = body.get("stop");
      if (stop != null && !stop.isNull()) {
        request.set(
            "stopSequences",
            stop.isArray() ? stop : JsonCodec.MAPPER.createArrayNode().add(stop.asText()));
      }
      JsonNode format = body.path("response_format");
      if ("json_schema".equals(format.path("type").asText())) {
        JsonNode schema = format.path("json_schema").get("schema");
        if (schema == null || !schema.isObject()) {
          throw new IllegalArgumentException(
              "'body.response_format.json_schema.schema' must be an object");
        }
        request.set("responseSchema", schema);
      }
      request.putObject("metadata").put("backfill.customId", key);
      return new BatchLine(number, key, null, false, model, JsonCodec.request(request, null), null);
    } catch (IllegalArgumentException e) {
      return BatchLine.bad(number, key, null, e.getMessage());
    }
  }

  private static void number(JsonNode from, String field, ObjectNode to, String as) {
    JsonNode v = from.get(field);
    if (v != null && !v.isNull()) {
      if (!v.isNumber()) {
        throw new IllegalArgumentException("'body." + field + "' must be a number");
      }
      to.set(as, v);
    }
  }

  @Override
  public ObjectNode output(BatchLine line, JsonNode result) {
    String requestId = result.path("id").asText();
    ObjectNode o = head(line, requestId);
    ObjectNode response = o.putObject("response");
    if ("FAILED".equals(result.path("status").asText())) {
      String code = result.path("error").path("code").asText("FAILED");
      response.put("status_code", Messages.httpStatus(code));
      response.put("request_id", requestId);
      ObjectNode error = response.putObject("body").putObject("error");
      error.put("message", result.path("error").path("message").asText());
      error.put(
          "type", Messages.httpStatus(code) == 400 ? "invalid_request_error" : "server_error");
      error.put("code", code);
      o.putNull("error");
      return o;
    }
    response.put("status_code", 200);
    response.put("request_id", requestId);
    ObjectNode body = response.putObject("body");
    body.put("id", "chatcmpl-" + requestId);
    body.put("object", "chat.completion");
    body.put(
        "created", java.time.Instant.parse(result.path("completedAt").asText()).getEpochSecond());
    body.put("model", line.model());
    ObjectNode choice = body.putArray("choices").addObject();
    choice.put("index", 0);
    choice.putObject("message").put("role", "assistant").put("content", Messages.answer(result));
    choice.put("finish_reason", finishReason(result.path("stopReason").asText("end_turn")));
    JsonNode usage = result.path("usage");
    ObjectNode u = body.putObject("usage");
    u.put("prompt_tokens", usage.path("inputTokens").asLong());
    u.put("completion_tokens", usage.path("outputTokens").asLong());
    u.put("total_tokens", usage.path("totalTokens").asLong());
    o.putNull("error");
    return o;
  }

  private static String finishReason(String stopReason) {
    return switch (stopReason) {
      case "max_tokens", "length", "model_context_window_exceeded" -> "length";
      case "content_filtered", "guardrail_intervened", "content_filter" -> "content_filter";
      default -> "stop";
    };
  }

  @Override
  public ObjectNode error(BatchLine line) {
    ObjectNode o = head(line, "line-" + line.number());
    o.putNull("response");
    ObjectNode e = o.putObject("error");
    e.put("code", "invalid_request");
    e.put("message", "line " + line.number() + ": " + line.error());
    return o;
  }

  private static ObjectNode head(BatchLine line, String id) {
    ObjectNode o = JsonCodec.MAPPER.createObjectNode();
    o.put("id", "batch_req_" + id);
    if (line.key() != null) {
      o.put("custom_id", line.key());
    } else {
      o.putNull("custom_id");
    }
    return o;
  }

  @Override
  public Path outputFile(Path input, Path dir) {
    String name = input.getFileName().toString();
    String base =
        name.endsWith(".jsonl") ? name.substring(0, name.length() - ".jsonl".length()) : name;
    return dir.resolve(base + ".output.jsonl");
  }
}
