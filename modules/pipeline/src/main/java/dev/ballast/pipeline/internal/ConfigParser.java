package dev.ballast.pipeline.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.ballast.modelclient.Credentials;
import dev.ballast.modelclient.Endpoint;
import dev.ballast.modelclient.Provider;
import dev.ballast.modelclient.context.ContextPolicy;
import dev.ballast.pipeline.ConfigException;
import dev.ballast.pipeline.ConfigKey;
import dev.ballast.pipeline.ConfigKeys;
import dev.ballast.pipeline.EndpointConfig;
import dev.ballast.pipeline.ModelConfig;
import dev.ballast.pipeline.RouteConfig;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

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
  private static final Set<String> ROUTE_KEYS =
      Set.of("endpoints", "context.policy", "context.summarizer", "output.max.reasks");
  private static final Set<String> MODEL_KEYS = Set.of("context.window", "max.output.tokens");
  private static final Set<String> ENDPOINT_KEYS =
      Set.of(
          "provider",
          "model",
          "region",
          "endpoint",
          "credentials",
          "requests.per.minute",
          "tokens.per.minute",
          "max.concurrency");

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
        case "routes" -> routes.putAll(routes(e.getValue(), source));
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

  private static int intValue(Object v, String source, String path) {
    try {
      return v instanceof Number n
          ? Math.toIntExact(n.longValue())
          : Integer.parseInt(String.valueOf(v).trim().replace("_", ""));
    } catch (NumberFormatException | ArithmeticException e) {
      throw new ConfigException(
          path, source + ": '" + path + "' must be a whole number, was '" + v + "'");
    }
  }

  private static void flatten(String prefix, Object value, Map<String, Object> out, String source) {
    if (value instanceof Map<?, ?> map && ConfigKeys.get(prefix) == null) {
      stringKeys(map, source, prefix).forEach((k, v) -> flatten(prefix + "." + k, v, out, source));
    } else {
      out.put(prefix, value);
    }
  }

  private static Map<String, RouteConfig> routes(Object raw, String source) {
    Map<String, RouteConfig> routes = new LinkedHashMap<>();
    for (Map.Entry<String, Object> r : map(raw, source, "routes").entrySet()) {
      String path = "routes." + r.getKey();
      Map<String, Object> route = new LinkedHashMap<>();
      map(r.getValue(), source, path)
          .forEach(
              (k, v) -> {
                if (k.equals("endpoints")) {
                  route.put(k, v);
                } else {
                  flattenAll(k, v, route, source);
                }
              });
      unknownKeys(route.keySet(), ROUTE_KEYS, source, path);
      Object endpoints = route.get("endpoints");
      if (!(endpoints instanceof List<?> list) || list.isEmpty()) {
        throw new ConfigException(
            path + ".endpoints",
            source + ": '" + path + ".endpoints' must be a non-empty list of endpoints");
      }
      List<EndpointConfig> chain = new ArrayList<>();
      for (int i = 0; i < list.size(); i++) {
        chain.add(endpoint(list.get(i), source, path + ".endpoints[" + i + "]"));
      }
      ContextPolicy policy;
      try {
        policy =
            ContextPolicy.parse(
                String.valueOf(route.getOrDefault("context.policy", "truncate_middle")));
      } catch (IllegalArgumentException e) {
        throw new ConfigException(
            path + ".context.policy", source + ": " + path + ".context.policy: " + e.getMessage());
      }
      Object summarizer = route.get("context.summarizer");
      int reasks =
          intValue(
              route.getOrDefault("output.max.reasks", RouteConfig.DEFAULT_REASKS),
              source,
              path + ".output.max.reasks");
      try {
        routes.put(
            r.getKey(),
            new RouteConfig(
                r.getKey(),
                chain,
                policy,
                summarizer == null ? null : String.valueOf(summarizer),
                reasks));
      } catch (IllegalArgumentException e) {
        throw new ConfigException(path, source + ": " + e.getMessage());
      }
    }
    return routes;
  }

  private static EndpointConfig endpoint(Object raw, String source, String path) {
    Map<String, Object> e = new LinkedHashMap<>();
    map(raw, source, path).forEach((k, v) -> flattenAll(k, v, e, source));
    unknownKeys(e.keySet(), ENDPOINT_KEYS, source, path);
    Provider provider;
    try {
      provider = Provider.parse(String.valueOf(e.getOrDefault("provider", "bedrock")));
    } catch (IllegalArgumentException ex) {
      throw new ConfigException(
          path + ".provider", source + ": " + path + ".provider: " + ex.getMessage());
    }
    String model = required(e, "model", source, path);
    String region = required(e, "region", source, path);
    URI uri = null;
    if (e.get("endpoint") != null) {
      try {
        uri = new URI(String.valueOf(e.get("endpoint")));
        if (uri.getScheme() == null || uri.getHost() == null) {
          throw new URISyntaxException(
              String.valueOf(e.get("endpoint")), "expected http(s)://host:port");
        }
      } catch (URISyntaxException ex) {
        throw new ConfigException(
            path + ".endpoint",
            source
                + ": "
                + path
                + ".endpoint: invalid URL '"
                + e.get("endpoint")
                + "': "
                + ex.getReason());
      }
    }
    Credentials credentials;
    try {
      credentials = Credentials.parse(String.valueOf(e.getOrDefault("credentials", "default")));
    } catch (IllegalArgumentException ex) {
      throw new ConfigException(
          path + ".credentials", source + ": " + path + ".credentials: " + ex.getMessage());
    }
    int rpm =
        intValue(e.getOrDefault("requests.per.minute", 0), source, path + ".requests.per.minute");
    int tpm = intValue(e.getOrDefault("tokens.per.minute", 0), source, path + ".tokens.per.minute");
    int concurrency =
        intValue(e.getOrDefault("max.concurrency", 0), source, path + ".max.concurrency");
    try {
      return new EndpointConfig(
          new Endpoint(provider, model, region, uri), credentials, rpm, tpm, concurrency);
    } catch (IllegalArgumentException ex) {
      throw new ConfigException(path, source + ": " + path + ": " + ex.getMessage());
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

  private static void flattenAll(
      String prefix, Object value, Map<String, Object> out, String source) {
    if (value instanceof Map<?, ?> map) {
      stringKeys(map, source, prefix)
          .forEach((k, v) -> flattenAll(prefix + "." + k, v, out, source));
    } else {
      out.put(prefix, value);
    }
  }

  private static String required(Map<String, Object> map, String key, String source, String path) {
    Object v = map.get(key);
    if (v == null || String.valueOf(v).isBlank()) {
      throw new ConfigException(path + "." + key, source + ": missing '" + path + "." + key + "'");
    }
    return String.valueOf(v);
  }

  private static Map<String, Object> map(Object raw, String source, String path) {
    if (!(raw instanceof Map<?, ?> m)) {
      throw new ConfigException(path, source + ": '" + path + "' must be a map");
    }
    return stringKeys(m, source, path);
  }

  private static Map<String, Object> stringKeys(Map<?, ?> map, String source, String path) {
    Map<String, Object> out = new LinkedHashMap<>();
    map.forEach((k, v) -> out.put(String.valueOf(k), v));
    return out;
  }

  private static void unknownKeys(
      Collection<String> keys, Set<String> known, String source, String path) {
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
