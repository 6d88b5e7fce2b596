package dev.ballast.bench.internal;

import dev.ballast.broker.EmbeddedKafkaBroker;
import dev.ballast.client.BallastClient;
import dev.ballast.modelclient.Credentials;
import dev.ballast.modelclient.Endpoint;
import dev.ballast.modelclient.Provider;
import dev.ballast.pipeline.BallastConfig;
import dev.ballast.pipeline.ConfigKeys;
import dev.ballast.pipeline.EndpointConfig;
import dev.ballast.pipeline.Pipeline;
import dev.ballast.pipeline.RouteConfig;
import dev.ballast.simulator.Scenario;
import dev.ballast.simulator.Simulator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.slf4j.LoggerFactory;

/**
 * What one scenario runs on, all in this process: an embedded broker, the simulator, a state
 * directory, and the pipelines and clients started from it. Closing it stops everything in reverse
 * order and deletes the state. Used by the runner's thread only.
 */
final class Harness implements AutoCloseable {

  static final String MODEL = "anthropic.claude-3-haiku-20240307-v1:0";
  static final String ROUTE = "default";
  static final String STREAMS_PREFIX = "streams.";

  private final EmbeddedKafkaBroker broker;
  private final Simulator simulator;
  private final Path stateDir;
  private final Map<String, String> overrides;
  private final Deque<AutoCloseable> owned = new ArrayDeque<>();

  private Harness(
      EmbeddedKafkaBroker broker,
      Simulator simulator,
      Path stateDir,
      Map<String, String> overrides) {
    this.broker = broker;
    this.simulator = simulator;
    this.stateDir = stateDir;
    this.overrides = Map.copyOf(overrides);
  }

  /**
   * Starts a broker and a simulator for {@code scenario}.
   *
   * @param overrides settings applied last to every configuration built here ({@code streams.X}
   *     keys go to the Kafka pass-through section)
   */
  static Harness start(Scenario scenario, Map<String, String> overrides) {
    Path dir;
    try {
      dir = Files.createTempDirectory("ballast-bench-state-");
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create a state directory", e);
    }
    EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start();
    try {
      return new Harness(broker, Simulator.start(scenario), dir, overrides);
    } catch (RuntimeException e) {
      broker.close();
      throw e;
    }
  }

  EmbeddedKafkaBroker broker() {
    return broker;
  }

  Simulator simulator() {
    return simulator;
  }

  /** The simulator's primary region as a model endpoint. */
  Endpoint endpoint() {
    return new Endpoint(Provider.BEDROCK, MODEL, simulator.regions().get(0), simulator.uri());
  }

  /**
   * A configuration for this broker and simulator: the scenario's own application id, topic prefix
   * and state directory, one route to the simulator; the caller adds the settings it tunes.
   */
  BallastConfig.Builder config(String scenario) {
    return BallastConfig.builder()
        .source("bench " + scenario)
        .put(ConfigKeys.BOOTSTRAP_SERVERS, broker.bootstrapServers())
        .put(ConfigKeys.APPLICATION_ID, "bench-" + scenario)
        .put(ConfigKeys.TOPIC_PREFIX, "bench." + scenario + ".")
        .put(ConfigKeys.STATE_DIR, stateDir.resolve(scenario).toString())
        .route(RouteConfig.of(ROUTE, new EndpointConfig(endpoint(), Credentials.NONE)));
  }

  /** Builds {@code builder} after applying the run's overrides. */
  BallastConfig build(BallastConfig.Builder builder) {
    overrides.forEach(
        (k, v) -> {
          if (k.startsWith(STREAMS_PREFIX)) {
            builder.stream(k.substring(STREAMS_PREFIX.length()), v);
          } else {
            builder.put(k, v);
          }
        });
    return builder.build();
  }

  /**
   * As {@link #config(String)}, with the route written as a configuration file would write it, its
   * endpoint carrying {@code endpointSettings} too (budgets such as {@code requests.per.minute});
   * the build rejects keys it does not know when the result is built.
   */
  BallastConfig.Builder config(String scenario, Map<String, Object> endpointSettings) {
    String region = simulator.regions().get(0);
    Map<String, Object> e = endpoint(region);
    e.putAll(endpointSettings);
    return builder(scenario, List.of(e));
  }

  /**
   * As {@link #config(String)}, with a route chaining every region of the simulator in order
   * (primary first), each endpoint as a configuration file would write it.
   */
  BallastConfig.Builder chainConfig(String scenario) {
    return builder(scenario, simulator.regions().stream().map(this::endpoint).toList());
  }

  /** A simulator region as a configuration file's endpoint entry (mutable). */
  private Map<String, Object> endpoint(String region) {
    Map<String, Object> e = new LinkedHashMap<>();
    e.put("provider", "bedrock");
    e.put("model", MODEL);
    e.put("region", region);
    e.put("endpoint", simulator.uri(region).toString());
    e.put("credentials", "none");
    return e;
  }

  private BallastConfig.Builder builder(String scenario, List<Map<String, Object>> endpoints) {
    return BallastConfig.builder()
        .source("bench " + scenario)
        .put(ConfigKeys.BOOTSTRAP_SERVERS, broker.bootstrapServers())
        .put(ConfigKeys.APPLICATION_ID, "bench-" + scenario)
        .put(ConfigKeys.TOPIC_PREFIX, "bench." + scenario + ".")
        .put(ConfigKeys.STATE_DIR, stateDir.resolve(scenario).toString())
        .put("routes", Map.of(ROUTE, Map.of("endpoints", endpoints)));
  }

  /** Starts a pipeline and waits until it runs; closed with this harness. */
  Pipeline pipeline(BallastConfig config) {
    Pipeline p = Pipeline.start(config);
    owned.push(p);
    return p.awaitRunning(Duration.ofSeconds(60));
  }

  /** A client of {@code config}'s topics; closed with this harness. */
  BallastClient client(BallastConfig config) {
    BallastClient c = BallastClient.create(broker.bootstrapServers(), config.topics());
    owned.push(c);
    return c;
  }

  /** Closes {@code resource} now instead of with the harness. */
  void closeEarly(AutoCloseable resource) {
    if (owned.remove(resource)) {
      closeQuietly(resource);
    }
  }

  /** The settings a scenario tuned, with their effective values, for the report. */
  static Map<String, Object> settings(BallastConfig config, String... keys) {
    Map<String, Object> out = new TreeMap<>();
    Map<String, String> all = config.describe();
    for (String k : keys) {
      out.put(k, Objects.requireNonNullElse(all.get(k), "(unknown key)"));
    }
    all.forEach(
        (k, v) -> {
          if (k.startsWith("streams.") || k.startsWith("admission.")) {
            out.put(k, v);
          }
        });
    return out;
  }

  @Override
  public void close() {
    while (!owned.isEmpty()) {
      closeQuietly(owned.pop());
    }
    simulator.close();
    broker.close();
    TempDirs.delete(stateDir);
  }

  private static void closeQuietly(AutoCloseable c) {
    try {
      c.close();
    } catch (Exception e) {
      LoggerFactory.getLogger(Harness.class).warn("Cannot close {}", c, e);
    }
  }
}
