package dev.ballast.pipeline.internal;

import static dev.ballast.pipeline.internal.ConfigTrees.flattenAll;
import static dev.ballast.pipeline.internal.ConfigTrees.intValue;
import static dev.ballast.pipeline.internal.ConfigTrees.map;
import static dev.ballast.pipeline.internal.ConfigTrees.required;
import static dev.ballast.pipeline.internal.ConfigTrees.unknownKeys;

import dev.ballast.modelclient.ChainRouting;
import dev.ballast.modelclient.Credentials;
import dev.ballast.modelclient.Endpoint;
import dev.ballast.modelclient.LaneTiers;
import dev.ballast.modelclient.ServiceTier;
import dev.ballast.modelclient.StructuredOutput;
import dev.ballast.modelclient.context.ContextPolicy;
import dev.ballast.pipeline.ConfigException;
import dev.ballast.pipeline.EndpointConfig;
import dev.ballast.pipeline.RouteConfig;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Parses the {@code routes} section: each route's chain of endpoints and its handling. Stateless.
 */
final class RouteParser {

  private static final Set<String> ROUTE_KEYS =
      Set.of(
          "endpoints",
          "context.policy",
          "context.summarizer",
          "output.max.reasks",
          "output.structured",
          "routing",
          "service.tier.online",
          "service.tier.batch");
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

  private RouteParser() {}

  static Map<String, RouteConfig> routes(Object raw, String source) {
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
                reasks,
                new LaneTiers(
                    tier(route, "service.tier.online", source, path),
                    tier(route, "service.tier.batch", source, path)),
                structuredOutput(route, source, path),
                routing(route, source, path)));
      } catch (IllegalArgumentException e) {
        throw new ConfigException(path, source + ": " + e.getMessage());
      }
    }
    return routes;
  }

  /** How the route asks Bedrock models for a JSON Schema; a forced tool unless it says. */
  private static StructuredOutput structuredOutput(
      Map<String, Object> route, String source, String path) {
    Object raw = route.get("output.structured");
    if (raw == null) {
      return StructuredOutput.TOOL;
    }
    try {
      return StructuredOutput.parse(String.valueOf(raw));
    } catch (IllegalArgumentException e) {
      throw new ConfigException(
          path + ".output.structured",
          source + ": " + path + ".output.structured: " + e.getMessage());
    }
  }

  /** How the route's chain is walked; capacity-aware unless it says. */
  private static ChainRouting routing(Map<String, Object> route, String source, String path) {
    Object raw = route.get("routing");
    if (raw == null) {
      return ChainRouting.CAPACITY;
    }
    try {
      return ChainRouting.parse(String.valueOf(raw));
    } catch (IllegalArgumentException e) {
      throw new ConfigException(
          path + ".routing", source + ": " + path + ".routing: " + e.getMessage());
    }
  }

  /** A lane's service tier, or null when the route names none. */
  private static ServiceTier tier(
      Map<String, Object> route, String key, String source, String path) {
    Object raw = route.get(key);
    if (raw == null) {
      return null;
    }
    try {
      return ServiceTier.parse(String.valueOf(raw));
    } catch (IllegalArgumentException e) {
      throw new ConfigException(
          path + "." + key, source + ": " + path + "." + key + ": " + e.getMessage());
    }
  }

  private static EndpointConfig endpoint(Object raw, String source, String path) {
    Map<String, Object> e = new LinkedHashMap<>();
    map(raw, source, path).forEach((k, v) -> flattenAll(k, v, e, source));
    unknownKeys(e.keySet(), ENDPOINT_KEYS, source, path);
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
    Endpoint endpoint;
    try {
      endpoint =
          Endpoint.of(String.valueOf(e.getOrDefault("provider", "bedrock")), model, region, uri);
    } catch (IllegalArgumentException ex) {
      throw new ConfigException(
          path + ".provider", source + ": " + path + ".provider: " + ex.getMessage());
    }
    int rpm =
        intValue(e.getOrDefault("requests.per.minute", 0), source, path + ".requests.per.minute");
    int tpm = intValue(e.getOrDefault("tokens.per.minute", 0), source, path + ".tokens.per.minute");
    int concurrency =
        intValue(e.getOrDefault("max.concurrency", 0), source, path + ".max.concurrency");
    try {
      return new EndpointConfig(endpoint, credentials, rpm, tpm, concurrency);
    } catch (IllegalArgumentException ex) {
      throw new ConfigException(path, source + ": " + path + ": " + ex.getMessage());
    }
  }
}
