package dev.ballast.cli.backfill.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ballast.client.JsonCodec;
import java.nio.file.Path;

/**
 * Amazon Bedrock batch inference: input lines {@code {"recordId", "modelInput"}} where {@code
 * modelInput} is a Converse request body or an Anthropic Messages InvokeModel body ({@code
 * anthropic_version}, {@code max_tokens}, {@code system}, {@code messages} with string or
 * content-block content); output {@code <input>.out} lines {@code {"recordId", "modelInput",
 * "modelOutput"}} or {@code {"recordId", "modelInput", "error": {"errorCode", "errorMessage"}}},
 * {@code modelOutput} shaped like the Converse or the Anthropic Messages response. Source: the
 * Bedrock user guide, "Format and upload your batch inference data" and "View the results of a
 * batch inference job".
 */
public final class BedrockFormat implements BatchFormat {

  private final BackfillRouting routing;

  public BedrockFormat(BackfillRouting routing) {
    this.routing = routing;
  }

  @Override
  public String name() {
    return "bedrock";
  }

  @Override
  public BatchLine parse(String text, long number, String requestId) {
    JsonNode json;
    try {
      json = JsonCodec.MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      return BatchLine.bad(
          number,
          BatchLines.salvage(text, "recordId"),
          null,
          "not valid JSON at column " + BatchLines.column(e));
    }
    if (json == null || !json.isObject()) {
      return BatchLine.bad(number, null, null, "a line must be a JSON object");
    }
    String key =
        json.hasNonNull("recordId")
            ? json.get("recordId").asText()
            : String.format("RECORD%08d", number);
    JsonNode input = json.get("modelInput");
    if (input == null || !input.isObject()) {
      return BatchLine.bad(number, key, input, "'modelInput' must be an object");
    }
    boolean anthropic = input.has("anthropic_version") || input.has("max_tokens");
    try {
      ObjectNode body = anthropic ? Messages.fromAnthropic(input) : Messages.fromConverse(input);
      body.put("id", requestId);
      body.put("route", routing.bedrockRoute());
      body.putObject("metadata").put("backfill.recordId", key);
      return new BatchLine(
          number, key, input, anthropic, routing.model(), JsonCodec.request(body, null), null);
    } catch (IllegalArgumentException e) {
      return BatchLine.bad(number, key, input, "modelInput: " + e.getMessage());
    }
  }

  @Override
  public ObjectNode output(BatchLine line, JsonNode result) {
    ObjectNode o = head(line);
    if ("FAILED".equals(result.path("status").asText())) {
      ObjectNode e = o.putObject("error");
      String code = result.path("error").path("code").asText("FAILED");
      e.put("errorCode", Messages.httpStatus(code));
      e.put("errorMessage", code + ": " + result.path("error").path("message").asText());
      return o;
    }
    String text = Messages.answer(result);
    JsonNode usage = result.path("usage");
    String stop = result.path("stopReason").asText("end_turn");
    if (line.anthropic()) {
      ObjectNode m = o.putObject("modelOutput");
      m.put("id", "msg_" + result.path("id").asText());
      m.put("type", "message");
      m.put("role", "assistant");
      m.put("model", result.path("servedBy").path("model").asText(line.model()));
      m.putArray("content").addObject().put("type", "text").put("text", text);
      m.put("stop_reason", stop);
      m.putNull("stop_sequence");
      ObjectNode u = m.putObject("usage");
      u.put("input_tokens", usage.path("inputTokens").asLong());
      u.put("output_tokens", usage.path("outputTokens").asLong());
    } else {
      ObjectNode m = o.putObject("modelOutput");
      ObjectNode message = m.putObject("output").putObject("message");
      message.put("role", "assistant");
      message.putArray("content").addObject().put("text", text);
      m.put("stopReason", stop);
      ObjectNode u = m.putObject("usage");
      u.put("inputTokens", usage.path("inputTokens").asLong());
      u.put("outputTokens", usage.path("outputTokens").asLong());
      u.put("totalTokens", usage.path("totalTokens").asLong());
      m.putObject("metrics").put("latencyMs", result.path("latencyMs").asLong());
    }
    return o;
  }

  @Override
  public ObjectNode error(BatchLine line) {
    ObjectNode o = head(line);
    ObjectNode e = o.putObject("error");
    e.put("errorCode", 400);
    e.put("errorMessage", "line " + line.number() + ": " + line.error());
    return o;
  }

  private static ObjectNode head(BatchLine line) {
    ObjectNode o = JsonCodec.MAPPER.createObjectNode();
    if (line.key() != null) {
      o.put("recordId", line.key());
    } else {
      o.putNull("recordId");
    }
    if (line.input() != null) {
      o.set("modelInput", line.input());
    }
    return o;
  }

  @Override
  public Path outputFile(Path input, Path dir) {
    return dir.resolve(input.getFileName() + ".out");
  }

  /** Where the job manifest goes. */
  public static Path manifestFile(Path dir) {
    return dir.resolve("manifest.json.out");
  }
}
