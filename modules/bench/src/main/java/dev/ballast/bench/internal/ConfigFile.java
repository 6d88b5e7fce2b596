package dev.ballast.bench.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A pipeline configuration file for {@code ./ballast run}, written by the scenarios that run the
 * pipeline in processes of its own: routes ({@link Harness#ROUTE} unless named) chaining the given
 * simulator regions, Ballast settings, Kafka Streams settings, and the run's {@code --set}
 * overrides last. Not thread-safe; a builder used once.
 */
final class ConfigFile {

  private final Map<String, String> settings = new LinkedHashMap<>();
  private final Map<String, String> streams = new LinkedHashMap<>();
  private final Map<String, StringBuilder> routes = new LinkedHashMap<>();
  private String route = Harness.ROUTE;

  ConfigFile(String bootstrap, String applicationId, String topicPrefix, Path stateDir) {
    settings.put("bootstrap.servers", bootstrap);
    settings.put("application.id", applicationId);
    settings.put("topic.prefix", topicPrefix);
    settings.put("state.dir", stateDir.toString());
  }

  /** A Ballast setting. */
  ConfigFile set(String key, Object value) {
    settings.put(key, String.valueOf(value));
    return this;
  }

  /** A Kafka Streams setting (the {@code streams:} section). */
  ConfigFile stream(String key, Object value) {
    streams.put(key, String.valueOf(value));
    return this;
  }

  /** Applies {@code --set} overrides: {@code streams.X} keys go to the Streams section. */
  ConfigFile overrides(Map<String, String> overrides) {
    overrides.forEach(
        (k, v) -> {
          if (k.startsWith(Harness.STREAMS_PREFIX)) {
            stream(k.substring(Harness.STREAMS_PREFIX.length()), v);
          } else {
            set(k, v);
          }
        });
    return this;
  }

  /** Endpoints appended from now on go to route {@code name} (by default {@link Harness#ROUTE}). */
  ConfigFile route(String name) {
    route = name;
    return this;
  }

  /**
   * Appends an endpoint to the current route's chain.
   *
   * @param endpointSettings further endpoint keys, e.g. {@code requests.per.minute}
   */
  ConfigFile endpoint(String region, String url, Map<String, Object> endpointSettings) {
    StringBuilder endpoints = routes.computeIfAbsent(route, r -> new StringBuilder());
    endpoints.append("      - provider: bedrock\n");
    endpoints.append("        model: ").append(Harness.MODEL).append('\n');
    endpoints.append("        region: ").append(region).append('\n');
    endpoints.append("        endpoint: ").append(url).append('\n');
    endpoints.append("        credentials: none\n");
    endpointSettings.forEach(
        (k, v) -> endpoints.append("        ").append(k).append(": ").append(v).append('\n'));
    return this;
  }

  /** Writes the file. */
  Path write(Path file) throws IOException {
    StringBuilder y = new StringBuilder();
    settings.forEach((k, v) -> y.append(k).append(": \"").append(v).append("\"\n"));
    if (!streams.isEmpty()) {
      y.append("streams:\n");
      streams.forEach((k, v) -> y.append("  ").append(k).append(": \"").append(v).append("\"\n"));
    }
    y.append("routes:\n");
    routes.forEach(
        (name, endpoints) ->
            y.append("  ").append(name).append(":\n    endpoints:\n").append(endpoints));
    Files.createDirectories(file.getParent());
    Files.writeString(file, y.toString());
    return file;
  }
}
