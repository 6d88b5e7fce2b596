package dev.ballast.cli;

import dev.ballast.broker.EmbeddedKafkaBroker;
import dev.ballast.modelclient.Credentials;
import dev.ballast.modelclient.Endpoint;
import dev.ballast.modelclient.Provider;
import dev.ballast.pipeline.BallastConfig;
import dev.ballast.pipeline.ConfigKeys;
import dev.ballast.pipeline.EndpointConfig;
import dev.ballast.pipeline.Pipeline;
import dev.ballast.pipeline.RouteConfig;
import dev.ballast.simulator.Simulator;
import java.nio.file.Path;
import java.time.Duration;

/** A pipeline in the test JVM on the shared broker, route {@code default} on the simulator. */
final class TestPipeline {

  static final String MODEL = "anthropic.claude-3-haiku-20240307-v1:0";

  private TestPipeline() {}

  /** Starts one with its own topic prefix and application id, and waits until it runs. */
  static Pipeline start(EmbeddedKafkaBroker kafka, Simulator sim, Path dir, String prefix) {
    BallastConfig config =
        BallastConfig.builder()
            .put(ConfigKeys.BOOTSTRAP_SERVERS, kafka.bootstrapServers())
            .put(ConfigKeys.APPLICATION_ID, prefix + "app")
            .put(ConfigKeys.TOPIC_PREFIX, prefix)
            .put(ConfigKeys.TOPIC_PARTITIONS, 2)
            .put(ConfigKeys.STATE_DIR, dir.resolve("state").toString())
            .route(
                RouteConfig.of(
                    "default",
                    new EndpointConfig(
                        new Endpoint(Provider.BEDROCK, MODEL, "us-east-1", sim.uri()),
                        Credentials.NONE)))
            .build();
    return Pipeline.start(config).awaitRunning(Duration.ofSeconds(60));
  }
}
