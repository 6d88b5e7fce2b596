package dev.ballast.simulator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.UncheckedIOException;

/** JSON Schemas used by several tests. */
final class TestSchemas {

  static final ObjectMapper MAPPER = new ObjectMapper();

  /** An order: most keywords the generator supports. */
  static final String ORDER =
      """
      {
        "type": "object",
        "properties": {
          "id": {"type": "string", "minLength": 5, "maxLength": 12},
          "status": {"type": "string", "enum": ["open", "shipped", "closed"]},
          "quantity": {"type": "integer", "minimum": 1, "maximum": 9},
          "price": {"type": "number", "exclusiveMinimum": 0, "maximum": 50},
          "gift": {"type": "boolean"},
          "tags": {"type": "array", "items": {"type": "string"}, "minItems": 2, "maxItems": 4},
          "customer": {"$ref": "#/$defs/customer"},
          "kind": {"const": "order"},
          "note": {"anyOf": [{"type": "string", "maxLength": 20}, {"type": "null"}]},
          "lines": {
            "type": "array",
            "minItems": 1,
            "items": {
              "type": "object",
              "properties": {"sku": {"type": "string"}, "count": {"type": "integer", "minimum": 1}},
              "required": ["sku", "count"]
            }
          }
        },
        "required": ["id", "status", "quantity", "price", "customer", "kind", "lines"],
        "$defs": {
          "customer": {
            "type": "object",
            "properties": {
              "name": {"type": "string"},
              "email": {"type": "string", "format": "email"},
              "vip": {"type": "boolean"}
            },
            "required": ["name", "email"]
          }
        }
      }
      """;

  private TestSchemas() {}

  static JsonNode order() {
    return json(ORDER);
  }

  static JsonNode json(String text) {
    try {
      return MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
