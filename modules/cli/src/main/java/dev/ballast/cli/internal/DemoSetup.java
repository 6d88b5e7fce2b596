package dev.ballast.cli.internal;

import dev.ballast.broker.EmbeddedKafkaBroker;
import dev.ballast.modelclient.Credentials;
import dev.ballast.modelclient.Endpoint;
import dev.ballast.modelclient.Provider;
import dev.ballast.pipeline.BallastConfig;
import dev.ballast.pipeline.ConfigKeys;
import dev.ballast.pipeline.EndpointConfig;
import dev.ballast.pipeline.RouteConfig;
import dev.ballast.simulator.ModelConfig;
import dev.ballast.simulator.Outage;
import dev.ballast.simulator.RegionConfig;
import dev.ballast.simulator.Scenario;
import dev.ballast.simulator.Scenarios;
import dev.ballast.simulator.Simulator;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** How the demo is set up: its scenario, its pace and its pipeline configuration. Stateless. */
final class DemoSetup {

  /** The model the demo routes to; any id works against the simulator. */
  static final String MODEL = "anthropic.claude-3-haiku-20240307-v1:0";

  /** Requests per second when neither --rate nor the scenario says otherwise. */
  static final double DEFAULT_RATE = 100;

  /** The cheaper model that summarizes older history. */
  static final String SUMMARIZER = "amazon.nova-micro-v1:0";

  private DemoSetup() {}

  /**
   * The demo's pipeline: route {@code default} (truncates over-long input) and {@code chat}
   * (summarizes older history with the {@code summarizer} route's cheaper model) over the
   * scenario's regions in order, the first one primary; the scenario's model limits are known to
   * Ballast, as an operator would configure them.
   */
  static BallastConfig config(
      EmbeddedKafkaBroker broker,
      Simulator simulator,
      Path stateDir,
      Scenario scenario,
      int partitions) {
    List<EndpointConfig> chain = new ArrayList<>();
    for (String region : simulator.regions()) {
      chain.add(
          new EndpointConfig(
              new Endpoint(Provider.BEDROCK, MODEL, region, simulator.uri(region)),
              Credentials.NONE));
    }
    String primary = simulator.regions().get(0);
    BallastConfig.Builder b =
        BallastConfig.builder()
            .source("demo")
            .put(ConfigKeys.BOOTSTRAP_SERVERS, broker.bootstrapServers())
            .put(ConfigKeys.APPLICATION_ID, "ballast-demo")
            .put(ConfigKeys.TOPIC_PARTITIONS, partitions)
            .put(ConfigKeys.STATE_DIR, stateDir.toString())
            .route(new RouteConfig(Workload.ROUTE, chain))
            .route(new RouteConfig(Workload.CHAT_ROUTE, chain).summarizingWith("summarizer"))
            .route(
                RouteConfig.of(
                    "summarizer",
                    new EndpointConfig(
                        new Endpoint(Provider.BEDROCK, SUMMARIZER, primary, simulator.uri(primary)),
                        Credentials.NONE)));
    for (ModelConfig m : scenario.models()) {
      b.model(new dev.ballast.pipeline.ModelConfig(m.id(), m.contextWindow(), m.maxOutputTokens()));
    }
    return b.build();
  }

  /** The default rate, or one that spreads the requests over the scenario's outages plus 15 s. */
  static double rateFor(Scenario scenario, int count) {
    Duration end = Duration.ZERO;
    for (RegionConfig r : scenario.regions()) {
      for (Outage o : r.outages()) {
        Duration e = o.start().plus(o.duration());
        end = e.compareTo(end) > 0 ? e : end;
      }
    }
    if (end.isZero()) {
      return DEFAULT_RATE;
    }
    return Math.max(1, count / (end.toMillis() / 1000.0 + 15));
  }

  /** The scenario with every region on a free port: a demo never fights over ports. */
  static Scenario ephemeralPorts(Scenario scenario) {
    return scenario.withRegions(scenario.regions().stream().map(r -> r.withPort(0)).toList());
  }

  /** The scenario used without {@code --scenario}: one healthy region with realistic latency. */
  static Scenario builtInScenario() {
    try (InputStream in = DemoSetup.class.getResourceAsStream("/demo-scenario.yaml")) {
      return Scenarios.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
