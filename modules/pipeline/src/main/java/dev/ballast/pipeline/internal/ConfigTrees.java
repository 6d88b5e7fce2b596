package dev.ballast.pipeline.internal;

import dev.ballast.pipeline.ConfigException;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Reading values out of a parsed YAML tree, with errors that name the path. Stateless. */
final class ConfigTrees {

  private ConfigTrees() {}

  static int intValue(Object v, String source, String path) {
    try {
      return v instanceof Number n
          ? Math.toIntExact(n.longValue())
          : Integer.parseInt(String.valueOf(v).trim().replace("_", ""));
    } catch (NumberFormatException | ArithmeticException e) {
      throw new ConfigException(
          path, source + ": '" + path + "' must be a whole number, was '" + v + "'");
    }
  }

  static void flattenAll(String prefix, Object value, Map<String, Object> out, String source) {
    if (value instanceof Map<?, ?> map) {
      stringKeys(map, source, prefix)
          .forEach((k, v) -> flattenAll(prefix + "." + k, v, out, source));
    } else {
      out.put(prefix, value);
    }
  }

  static String required(Map<String, Object> map, String key, String source, String path) {
    Object v = map.get(key);
    if (v == null || String.valueOf(v).isBlank()) {
      throw new ConfigException(path + "." + key, source + ": missing '" + path + "." + key + "'");
    }
    return String.valueOf(v);
  }

  static Map<String, Object> map(Object raw, String source, String path) {
    if (!(raw instanceof Map<?, ?> m)) {
      throw new ConfigException(path, source + ": '" + path + "' must be a map");
    }
    return stringKeys(m, source, path);
  }

  static Map<String, Object> stringKeys(Map<?, ?> map, String source, String path) {
    Map<String, Object> out = new LinkedHashMap<>();
    map.forEach((k, v) -> out.put(String.valueOf(k), v));
    return out;
  }

  static void unknownKeys(Collection<String> keys, Set<String> known, String source, String path) {
    for (String k : keys) {
      if (!known.contains(k)) {
        throw new ConfigException(
            path + "." + k,
            source
                + ": unknown key '"
                + path
                + "."
                + k
                + "' (known: "
                + new TreeSet<>(known)
                + ")");
      }
    }
  }
}
