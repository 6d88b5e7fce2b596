package dev.ballast.pipeline.internal;

import static dev.ballast.pipeline.internal.ConfigTrees.flattenAll;
import static dev.ballast.pipeline.internal.ConfigTrees.intValue;
import static dev.ballast.pipeline.internal.ConfigTrees.map;
import static dev.ballast.pipeline.internal.ConfigTrees.stringKeys;
import static dev.ballast.pipeline.internal.ConfigTrees.unknownKeys;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.ballast.pipeline.ConfigException;
import dev.ballast.pipeline.ConfigKey;
import dev.ballast.pipeline.ConfigKeys;
import dev.ballast.pipeline.ModelConfig;
import dev.ballast.pipeline.RouteConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Turns a YAML tree into validated configuration values. Stateless. */
public final class ConfigParser {

  /** The result of parsing, before cross-key validation. */
  public record Parsed(
      String source,
      Map<String, Object> values,
      Map<String, RouteConfig> routes,
      Map<String, String> streams,
      Map<String, ModelConfig> models) {}

  private static final Set<String> SECTIONS = Set.of("routes", "streams", "models");
  private static final Set<String> MODEL_KEYS = Set.of("context.window", "max.output.tokens");

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private ConfigParser() {}

  /** Reads {@code file} as YAML and parses it. */
  public static Parsed parseFile(Path file) {
    String source = file.toString();
    String text;
    try {
      text = Files.readString(file);
    } catch (NoSuchFileException e) {
      throw new ConfigException(null, source + ": no such file");
    } catch (IOException e) {
      throw new ConfigException(null, source + ": cannot read: " + e.getMessage(), e);
    }
    Object tree;
    try {
      tree = YAML.readValue(text, Object.class);
    } catch (JsonProcessingException e) {
      String where =
          e.getLocation() == null
              ? ""
              : " at line "
                  + e.getLocation().getLineNr()
                  + ", column "
                  + e.getLocation().getColumnNr();
      throw new ConfigException(
          null, source + ": not valid YAML" + where + ": " + e.getOriginalMessage());
    }
    if (tree == null) {
      tree = Map.of();
    }
    if (!(tree instanceof Map<?, ?> map)) {
      throw new ConfigException(null, source + ": expected a map of keys at the top level");
    }
    return parseTree(stringKeys(map, source, ""), source);
  }

  /** Parses an already-read tree. */
  public static Parsed parseTree(Map<String, Object> tree, String source) {
    Map<String, Object> flat = new LinkedHashMap<>();
    Map<String, RouteConfig> routes = new LinkedHashMap<>();
    Map<String, String> streams = new LinkedHashMap<>();
    Map<String, ModelConfig> models = new LinkedHashMap<>();
    for (Map.Entry<String, Object> e : tree.entrySet()) {
      switch (e.getKey()) {
        case "routes" -> routes.putAll(RouteParser.routes(e.getValue(), source));
        case "streams" -> streams.putAll(streams(e.getValue(), source));
        case "models" -> models.putAll(models(e.getValue(), source));
        default -> flatten(e.getKey(), e.getValue(), flat, source);
      }
    }
    Map<String, Object> values = new LinkedHashMap<>();
    for (Map.Entry<String, Object> e : flat.entrySet()) {
      ConfigKey key = ConfigKeys.get(e.getKey());
      if (key == null) {
        throw new ConfigException(
            e.getKey(), source + ": unknown key '" + e.getKey() + "'" + suggestion(e.getKey()));
      }
      if (e.getValue() != null) {
        values.put(key.name(), key.parse(e.getValue(), source));
      }
    }
    for (ConfigKey key : ConfigKeys.all().values()) {
      if (!values.containsKey(key.name())) {
        if (key.required()) {
          throw new ConfigException(
              key.name(), source + ": missing required key '" + key.name() + "': " + key.doc());
        }
        values.put(key.name(), key.defaultValue());
      }
    }
    return new Parsed(source, values, routes, streams, models);
  }

  private static Map<String, ModelConfig> models(Object raw, String source) {
    Map<String, ModelConfig> models = new LinkedHashMap<>();
    for (Map.Entry<String, Object> m : map(raw, source, "models").entrySet()) {
      String path = "models." + m.getKey();
      Map<String, Object> flat = new LinkedHashMap<>();
      map(m.getValue(), source, path).forEach((k, v) -> flattenAll(k, v, flat, source));
      unknownKeys(flat.keySet(), MODEL_KEYS, source, path);
      int window =
          intValue(
              flat.getOrDefault("context.window", ModelConfig.DEFAULT_CONTEXT_WINDOW),
              source,
              path + ".context.window");
      int output =
          intValue(
              flat.getOrDefault("max.output.tokens", ModelConfig.DEFAULT_MAX_OUTPUT_TOKENS),
              source,
              path + ".max.output.tokens");
      try {
        models.put(m.getKey(), new ModelConfig(m.getKey(), window, output));
      } catch (IllegalArgumentException e) {
        throw new ConfigException(path, source + ": " + path + ": " + e.getMessage());
      }
    }
    return models;
  }

  private static void flatten(String prefix, Object value, Map<String, Object> out, String source) {
    if (value instanceof Map<?, ?> map && ConfigKeys.get(prefix) == null) {
      stringKeys(map, source, prefix).forEach((k, v) -> flatten(prefix + "." + k, v, out, source));
    } else {
      out.put(prefix, value);
    }
  }

  private static Map<String, String> streams(Object raw, String source) {
    Map<String, String> out = new LinkedHashMap<>();
    Map<String, Object> flat = new LinkedHashMap<>();
    map(raw, source, "streams").forEach((k, v) -> flattenAll(k, v, flat, source));
    flat.forEach(
        (k, v) -> {
          StreamsSettings.checkKnown(k, source);
          out.put(k, String.valueOf(v));
        });
    return out;
  }

  private static String suggestion(String key) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    List<String> candidates = new ArrayList<>(ConfigKeys.all().keySet());
    candidates.addAll(SECTIONS);
    for (String candidate : candidates) {
      int d = Levenshtein.distance(key, candidate);
      if (d < bestDistance) {
        bestDistance = d;
        best = candidate;
      }
    }
    return best != null && bestDistance <= Math.max(2, key.length() / 4)
        ? " (did you mean '" + best + "'?)"
        : " (see the configuration reference in README.md)";
  }
}
