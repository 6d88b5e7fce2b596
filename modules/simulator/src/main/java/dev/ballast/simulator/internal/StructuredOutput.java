package dev.ballast.simulator.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/**
 * A request for a structured answer: a forced tool (Bedrock) or a JSON schema response format
 * (OpenAI).
 *
 * <p>Immutable (JSON nodes are never modified after construction).
 *
 * @param name tool or schema name
 * @param schema the JSON Schema the answer must satisfy
 */
record StructuredOutput(String name, JsonNode schema) {

  StructuredOutput {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(schema, "schema");
  }

  /** OpenAI's {@code json_object} mode: any JSON object. */
  static StructuredOutput anyObject() {
    var schema = Json.object().put("type", "object");
    schema.putObject("properties").putObject("answer").put("type", "string");
    schema.putArray("required").add("answer");
    return new StructuredOutput("json_object", schema);
  }
}
