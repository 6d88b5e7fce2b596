package dev.ballast.simulator.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ballast.simulator.Malformation;
import java.util.Iterator;

/** Turns a valid structured answer into a malformed one. Stateless and thread-safe. */
final class Malformer {

  private Malformer() {}

  /** The malformed variant of a structured answer; text answers are returned unchanged. */
  static Answer apply(Answer answer, Malformation kind, JsonNode schema) {
    if (!answer.isStructured()) {
      return answer;
    }
    String json = Json.text(answer.value());
    return switch (kind) {
      case PROSE_AROUND_JSON ->
          Answer.text("Here is the result:\n```json\n" + json + "\n```", false);
      case TRUNCATED_JSON -> Answer.text(json.substring(0, json.length() / 2), false);
      case WRONG_TYPES -> Answer.structured(answer.toolName(), wrongType(answer.value(), schema));
      case MISSING_REQUIRED ->
          Answer.structured(answer.toolName(), withoutRequired(answer.value(), schema));
    };
  }

  private static JsonNode wrongType(JsonNode value, JsonNode schema) {
    String field = victim(value, schema);
    if (field == null) {
      return Json.NODES.textNode("not an object");
    }
    ObjectNode copy = value.deepCopy();
    JsonNode old = copy.get(field);
    JsonNode replacement =
        old.isTextual()
            ? Json.NODES.numberNode(42)
            : old.isNumber() ? Json.NODES.textNode("forty-two") : Json.NODES.textNode("yes");
    copy.set(field, replacement);
    return copy;
  }

  private static JsonNode withoutRequired(JsonNode value, JsonNode schema) {
    String field = victim(value, schema);
    if (field == null) {
      return Json.object();
    }
    ObjectNode copy = value.deepCopy();
    copy.remove(field);
    return copy;
  }

  /** The first required property present in the value, else its first property, else null. */
  private static String victim(JsonNode value, JsonNode schema) {
    if (!value.isObject() || value.isEmpty()) {
      return null;
    }
    JsonNode effective = SchemaInstanceGenerator.effective(schema, schema);
    for (JsonNode required : effective.path("required")) {
      if (value.has(required.asText())) {
        return required.asText();
      }
    }
    Iterator<String> names = value.fieldNames();
    return names.hasNext() ? names.next() : null;
  }
}
