package dev.ballast.simulator.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.random.RandomGenerator;

/**
 * Generates a JSON value that conforms to a JSON Schema: {@code type} (object, array, string,
 * integer, number, boolean, null, or a list of types), {@code properties}/{@code required}, {@code
 * enum}, {@code const}, string {@code minLength}/{@code maxLength}/{@code format}, numeric {@code
 * minimum}/{@code maximum} (inclusive and exclusive)/{@code multipleOf}, array {@code items}/{@code
 * minItems}/{@code maxItems}, {@code anyOf}/{@code oneOf} (first branch), {@code allOf} (merged),
 * and {@code $ref} to {@code #}, {@code #/definitions/…} or {@code #/$defs/…}. {@code pattern} is
 * not honoured. Every property is generated, required or not, down to a depth of four; deeper only
 * required ones, so recursive schemas end.
 *
 * <p>Stateless and thread-safe; the random source belongs to the caller.
 */
final class SchemaInstanceGenerator {

  private static final int MAX_DEPTH = 12;

  /** Below this depth optional properties are left out, so recursive schemas end. */
  private static final int OPTIONAL_DEPTH = 4;

  private SchemaInstanceGenerator() {}

  /** A value conforming to {@code schema}, drawn from {@code random}. */
  static JsonNode generate(JsonNode schema, RandomGenerator random) {
    return generate(schema, schema, random, 0);
  }

  /** Resolves a {@code $ref} against the root schema, or returns null when it cannot. */
  static JsonNode resolve(JsonNode root, String ref) {
    if (ref.equals("#")) {
      return root;
    }
    if (!ref.startsWith("#/")) {
      return null;
    }
    JsonNode node = root;
    for (String part : ref.substring(2).split("/")) {
      node = node.path(part.replace("~1", "/").replace("~0", "~"));
    }
    return node.isMissingNode() ? null : node;
  }

  /** The schema with its {@code $ref}, {@code anyOf}/{@code oneOf} and {@code allOf} resolved. */
  static JsonNode effective(JsonNode schema, JsonNode root) {
    JsonNode s = schema;
    for (int i = 0; i < MAX_DEPTH && s != null && s.isObject(); i++) {
      if (s.hasNonNull("$ref")) {
        s = resolve(root, s.get("$ref").asText());
      } else if (s.path("anyOf").isArray() && s.path("anyOf").size() > 0) {
        s = s.get("anyOf").get(0);
      } else if (s.path("oneOf").isArray() && s.path("oneOf").size() > 0) {
        s = s.get("oneOf").get(0);
      } else if (s.path("allOf").isArray() && s.path("allOf").size() > 0) {
        s = mergeAllOf(s, root);
      } else {
        return s;
      }
    }
    return s == null ? Json.object() : s;
  }

  private static JsonNode generate(
      JsonNode rawSchema, JsonNode root, RandomGenerator random, int depth) {
    if (depth > MAX_DEPTH || rawSchema == null || !rawSchema.isObject()) {
      return depth > MAX_DEPTH ? NullNode.getInstance() : Json.NODES.textNode("value");
    }
    JsonNode schema = effective(rawSchema, root);
    if (schema.has("const")) {
      return schema.get("const").deepCopy();
    }
    JsonNode options = schema.path("enum");
    if (options.isArray() && options.size() > 0) {
      return options.get(random.nextInt(options.size())).deepCopy();
    }
    return switch (typeOf(schema)) {
      case "object" -> object(schema, root, random, depth);
      case "array" -> array(schema, root, random, depth);
      case "integer" -> Json.NODES.numberNode(integer(schema, random));
      case "number" -> Json.NODES.numberNode(number(schema, random));
      case "boolean" -> Json.NODES.booleanNode(random.nextBoolean());
      case "null" -> NullNode.getInstance();
      default -> Json.NODES.textNode(string(schema, random));
    };
  }

  static String typeOf(JsonNode schema) {
    JsonNode type = schema.path("type");
    if (type.isTextual()) {
      return type.asText();
    }
    if (type.isArray()) {
      for (JsonNode t : type) {
        if (!"null".equals(t.asText())) {
          return t.asText();
        }
      }
      return "null";
    }
    if (schema.has("properties")) {
      return "object";
    }
    if (schema.has("items")) {
      return "array";
    }
    return "string";
  }

  private static ObjectNode object(
      JsonNode schema, JsonNode root, RandomGenerator random, int depth) {
    ObjectNode out = Json.object();
    Set<String> required = new LinkedHashSet<>();
    schema.path("required").forEach(r -> required.add(r.asText()));
    for (Map.Entry<String, JsonNode> p : schema.path("properties").properties()) {
      if (depth < OPTIONAL_DEPTH || required.contains(p.getKey())) {
        out.set(p.getKey(), generate(p.getValue(), root, random, depth + 1));
      }
    }
    for (String name : required) {
      if (!out.has(name)) {
        out.set(name, Json.NODES.textNode("value"));
      }
    }
    return out;
  }

  private static ArrayNode array(
      JsonNode schema, JsonNode root, RandomGenerator random, int depth) {
    int min = schema.path("minItems").asInt(1);
    int max = schema.path("maxItems").asInt(Math.max(min, 1) + 2);
    int count = max <= min ? min : min + random.nextInt(max - min + 1);
    ArrayNode out = Json.NODES.arrayNode();
    JsonNode items = schema.path("items");
    for (int i = 0; i < count; i++) {
      out.add(generate(items.isObject() ? items : null, root, random, depth + 1));
    }
    return out;
  }

  private static long integer(JsonNode schema, RandomGenerator random) {
    double[] bounds = bounds(schema, 1);
    long min = (long) Math.ceil(bounds[0]);
    long max = Math.max(min, (long) Math.floor(bounds[1]));
    long value = Math.min(max, min + (long) (random.nextDouble() * (max - min + 1)));
    long multiple = schema.path("multipleOf").asLong(0);
    if (multiple > 0) {
      long rounded = Math.floorDiv(value, multiple) * multiple;
      value = rounded >= min ? rounded : rounded + multiple;
    }
    return value;
  }

  private static BigDecimal number(JsonNode schema, RandomGenerator random) {
    double[] bounds = bounds(schema, 0.01);
    double min = bounds[0];
    double max = Math.max(min, bounds[1]);
    double value = min + random.nextDouble() * (max - min);
    BigDecimal rounded = BigDecimal.valueOf(value).setScale(2, RoundingMode.HALF_UP);
    boolean inside = rounded.doubleValue() >= min && rounded.doubleValue() <= max;
    return inside ? rounded : BigDecimal.valueOf(value);
  }

  /** {lower, upper} inclusive bounds; exclusive bounds are moved in by {@code step}. */
  private static double[] bounds(JsonNode schema, double step) {
    Double lower = bound(schema, "minimum", "exclusiveMinimum", step);
    Double upper = bound(schema, "maximum", "exclusiveMaximum", -step);
    double lo = lower != null ? lower : upper != null ? Math.min(0, upper - 100) : 0;
    double hi = upper != null ? upper : lo + 100;
    return new double[] {lo, hi};
  }

  private static Double bound(JsonNode schema, String inclusive, String exclusive, double step) {
    JsonNode ex = schema.path(exclusive);
    if (ex.isNumber()) {
      return ex.asDouble() + step;
    }
    if (!schema.path(inclusive).isNumber()) {
      return null;
    }
    double value = schema.get(inclusive).asDouble();
    return ex.asBoolean(false) ? value + step : value;
  }

  private static String string(JsonNode schema, RandomGenerator random) {
    String format = schema.path("format").asText("");
    switch (format) {
      case "date-time":
        return "2024-0" + (1 + random.nextInt(9)) + "-1" + random.nextInt(10) + "T12:34:56Z";
      case "date":
        return "2024-0" + (1 + random.nextInt(9)) + "-1" + random.nextInt(10);
      case "time":
        return "12:34:56";
      case "email":
        return "user" + random.nextInt(1000) + "@example.com";
      case "uri":
      case "url":
        return "https://example.com/r/" + random.nextInt(1000);
      case "uuid":
        return new UUID(random.nextLong(), random.nextLong()).toString();
      default:
        break;
    }
    int minLength = schema.path("minLength").asInt(0);
    int maxLength = schema.path("maxLength").asInt(Integer.MAX_VALUE);
    int target = Math.max(minLength, Math.min(maxLength, 8 + random.nextInt(24)));
    String text = TextGenerator.words(random, target);
    if (text.length() > target) {
      String cut = text.substring(0, target).strip();
      text = cut + "x".repeat(target - cut.length());
    }
    return text;
  }

  private static JsonNode mergeAllOf(JsonNode schema, JsonNode root) {
    ObjectNode merged = schema.deepCopy();
    merged.remove("allOf");
    ObjectNode properties = Json.object();
    ArrayNode required = Json.NODES.arrayNode();
    properties.setAll(copyObject(schema.path("properties")));
    schema.path("required").forEach(required::add);
    for (JsonNode part : schema.get("allOf")) {
      JsonNode p = effective(part, root);
      properties.setAll(copyObject(p.path("properties")));
      p.path("required").forEach(required::add);
      if (!merged.has("type") && p.has("type")) {
        merged.set("type", p.get("type"));
      }
    }
    merged.set("properties", properties);
    merged.set("required", required);
    return merged;
  }

  private static ObjectNode copyObject(JsonNode node) {
    return node.isObject() ? (ObjectNode) node.deepCopy() : Json.object();
  }
}
