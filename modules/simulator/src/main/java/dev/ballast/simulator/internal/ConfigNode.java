package dev.ballast.simulator.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.ballast.simulator.ScenarioException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A node of a scenario document with its key path ({@code regions[1].latency}), for strict reading
 * with errors that name the source, the path and what is wrong. Immutable.
 */
final class ConfigNode {

  private final JsonNode node;
  private final String path;
  private final String source;

  ConfigNode(JsonNode node, String path, String source) {
    this.node = node == null ? MissingNode.getInstance() : node;
    this.path = path;
    this.source = source;
  }

  static ConfigNode root(JsonNode node, String source) {
    return new ConfigNode(node, "", source);
  }

  String path() {
    return path;
  }

  JsonNode raw() {
    return node;
  }

  boolean isPresent() {
    return !node.isMissingNode() && !node.isNull();
  }

  boolean isObject() {
    return node.isObject();
  }

  ConfigNode get(String key) {
    return new ConfigNode(node.get(key), path.isEmpty() ? key : path + "." + key, source);
  }

  /** Requires an object whose keys are all known. */
  ConfigNode requireKeys(List<String> known) {
    if (!node.isObject()) {
      throw error("expected a mapping with keys " + String.join(", ", known));
    }
    Iterator<String> names = node.fieldNames();
    while (names.hasNext()) {
      String name = names.next();
      if (!known.contains(name)) {
        throw error("unknown key '" + name + "' (known: " + String.join(", ", known) + ")");
      }
    }
    return this;
  }

  /** The elements of a list; an absent node is an empty list. */
  List<ConfigNode> list() {
    List<ConfigNode> out = new ArrayList<>();
    if (!isPresent()) {
      return out;
    }
    if (!node.isArray()) {
      throw error("expected a list");
    }
    for (int i = 0; i < node.size(); i++) {
      out.add(new ConfigNode(node.get(i), path + "[" + i + "]", source));
    }
    return out;
  }

  /** A list of scalars as text; a single scalar counts as a list of one. */
  List<String> textList() {
    if (isPresent() && node.isValueNode()) {
      return List.of(text());
    }
    return list().stream().map(ConfigNode::text).toList();
  }

  ConfigNode required() {
    if (!isPresent()) {
      throw error("is required");
    }
    return this;
  }

  String text() {
    required();
    if (!node.isValueNode()) {
      throw error("expected a single value");
    }
    return node.asText();
  }

  String text(String fallback) {
    return isPresent() ? text() : fallback;
  }

  long longValue(long fallback) {
    if (!isPresent()) {
      return fallback;
    }
    if (!node.isIntegralNumber() || !node.canConvertToLong()) {
      throw error("expected a whole number, was '" + node.asText() + "'");
    }
    return node.asLong();
  }

  int intValue(int fallback) {
    long value = longValue(fallback);
    if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
      throw error("number out of range: " + value);
    }
    return (int) value;
  }

  double number(double fallback) {
    if (!isPresent()) {
      return fallback;
    }
    if (!node.isNumber()) {
      throw error("expected a number, was '" + node.asText() + "'");
    }
    return node.asDouble();
  }

  boolean bool(boolean fallback) {
    if (!isPresent()) {
      return fallback;
    }
    if (!node.isBoolean()) {
      throw error("expected true or false, was '" + node.asText() + "'");
    }
    return node.asBoolean();
  }

  Duration duration(Duration fallback) {
    if (!isPresent()) {
      return fallback;
    }
    if (node.isNumber() && node.asDouble() == 0) {
      return Duration.ZERO;
    }
    if (!node.isTextual()) {
      throw error("expected a duration like 250ms, 5s, 2m, was '" + node.asText() + "'");
    }
    return convert(Durations::parse);
  }

  /** Converts the text with {@code parser}; its IllegalArgumentException becomes an error here. */
  <T> T convert(Function<String, T> parser) {
    String text = text();
    try {
      return parser.apply(text);
    } catch (IllegalArgumentException e) {
      throw error(e.getMessage());
    }
  }

  ScenarioException error(String what) {
    return new ScenarioException(
        source + ": " + (path.isEmpty() ? "(top level)" : path) + ": " + what);
  }

  /** Runs a constructor, turning its validation error into an error at this node. */
  <T> T construct(Supplier<T> constructor) {
    try {
      return constructor.get();
    } catch (IllegalArgumentException e) {
      throw error(e.getMessage());
    }
  }
}
