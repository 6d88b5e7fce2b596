package dev.ballast.simulator.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/**
 * A request for a structured answer: a forced tool (Bedrock), Converse's native {@code
 * outputConfig.textFormat} JSON schema, or an OpenAI JSON-schema response format.
 *
 * <p>Immutable (JSON nodes are never modified after construction).
 *
 * @param name tool or schema name
 * @param schema the JSON Schema the answer must satisfy
 * @param asText true when the answer is JSON text (native output format, OpenAI), false for a tool
 *     call
 * @param nativeFormat true for Converse {@code outputConfig.textFormat}
 */
record StructuredOutput(String name, JsonNode schema, boolean asText, boolean nativeFormat) {

  StructuredOutput {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(schema, "schema");
  }

  /** A forced tool call. */
  static StructuredOutput tool(String name, JsonNode schema) {
    return new StructuredOutput(name, schema, false, false);
  }

  /** JSON text conforming to a schema (OpenAI {@code json_schema}). */
  static StructuredOutput jsonText(String name, JsonNode schema) {
    return new StructuredOutput(name, schema, true, false);
  }

  /** Converse's native JSON-schema output format. */
  static StructuredOutput nativeFormat(String name, JsonNode schema) {
    return new StructuredOutput(name, schema, true, true);
  }

  /** OpenAI's {@code json_object} mode: any JSON object. */
  static StructuredOutput anyObject() {
    var schema = Json.object().put("type", "object");
    schema.putObject("properties").putObject("answer").put("type", "string");
    schema.putArray("required").add("answer");
    return jsonText("json_object", schema);
  }
}
