package dev.ballast.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A small JSON Schema checker for tests, written independently of the simulator's generator: types,
 * required, properties, enum, const, string lengths, numeric bounds, array sizes and items, anyOf
 * and oneOf (some branch), allOf and $ref to #/$defs or #/definitions.
 */
public final class MiniSchemaValidator {

  private MiniSchemaValidator() {}

  /** The violations, empty when the value conforms. */
  public static List<String> errors(JsonNode value, JsonNode schema) {
    List<String> errors = new ArrayList<>();
    check(value, schema, schema, "$", errors);
    return errors;
  }

  private static void check(
      JsonNode value, JsonNode schema, JsonNode root, String at, List<String> errors) {
    if (schema.has("$ref")) {
      String ref = schema.get("$ref").asText();
      JsonNode target = root;
      for (String part : ref.substring(2).split("/")) {
        target = target.path(part);
      }
      check(value, target, root, at, errors);
      return;
    }
    for (String key : List.of("anyOf", "oneOf")) {
      if (schema.has(key)) {
        boolean any = false;
        for (JsonNode branch : schema.get(key)) {
          any |= errors(value, branch, root).isEmpty();
        }
        if (!any) {
          errors.add(at + ": matches no " + key + " branch");
        }
      }
    }
    for (JsonNode part : schema.path("allOf")) {
      check(value, part, root, at, errors);
    }
    if (schema.has("const") && !schema.get("const").equals(value)) {
      errors.add(at + ": expected const " + schema.get("const"));
    }
    if (schema.has("enum")) {
      boolean found = false;
      for (JsonNode option : schema.get("enum")) {
        found |= option.equals(value);
      }
      if (!found) {
        errors.add(at + ": not in enum");
      }
    }
    JsonNode type = schema.path("type");
    if (type.isTextual() && !hasType(value, type.asText())) {
      errors.add(at + ": expected type " + type.asText() + " but was " + value.getNodeType());
      return;
    }
    if (value.isObject()) {
      for (JsonNode required : schema.path("required")) {
        if (!value.has(required.asText())) {
          errors.add(at + ": missing required property " + required.asText());
        }
      }
      for (Map.Entry<String, JsonNode> p : schema.path("properties").properties()) {
        if (value.has(p.getKey())) {
          check(value.get(p.getKey()), p.getValue(), root, at + "." + p.getKey(), errors);
        }
      }
    }
    if (value.isTextual()) {
      int length = value.asText().length();
      if (schema.has("minLength") && length < schema.get("minLength").asInt()) {
        errors.add(at + ": shorter than minLength");
      }
      if (schema.has("maxLength") && length > schema.get("maxLength").asInt()) {
        errors.add(at + ": longer than maxLength");
      }
    }
    if (value.isNumber()) {
      double v = value.asDouble();
      if (schema.has("minimum") && v < schema.get("minimum").asDouble()) {
        errors.add(at + ": below minimum");
      }
      if (schema.has("maximum") && v > schema.get("maximum").asDouble()) {
        errors.add(at + ": above maximum");
      }
      if (schema.path("exclusiveMinimum").isNumber()
          && v <= schema.get("exclusiveMinimum").asDouble()) {
        errors.add(at + ": not above exclusiveMinimum");
      }
      if (schema.path("exclusiveMaximum").isNumber()
          && v >= schema.get("exclusiveMaximum").asDouble()) {
        errors.add(at + ": not below exclusiveMaximum");
      }
    }
    if (value.isArray()) {
      if (schema.has("minItems") && value.size() < schema.get("minItems").asInt()) {
        errors.add(at + ": fewer than minItems");
      }
      if (schema.has("maxItems") && value.size() > schema.get("maxItems").asInt()) {
        errors.add(at + ": more than maxItems");
      }
      if (schema.has("items")) {
        for (int i = 0; i < value.size(); i++) {
          check(value.get(i), schema.get("items"), root, at + "[" + i + "]", errors);
        }
      }
    }
  }

  private static List<String> errors(JsonNode value, JsonNode schema, JsonNode root) {
    List<String> errors = new ArrayList<>();
    check(value, schema, root, "$", errors);
    return errors;
  }

  private static boolean hasType(JsonNode value, String type) {
    return switch (type) {
      case "object" -> value.isObject();
      case "array" -> value.isArray();
      case "string" -> value.isTextual();
      case "integer" -> value.isIntegralNumber();
      case "number" -> value.isNumber();
      case "boolean" -> value.isBoolean();
      case "null" -> value.isNull();
      default -> true;
    };
  }
}
