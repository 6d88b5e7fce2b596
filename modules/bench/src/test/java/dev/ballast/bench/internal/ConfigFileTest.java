package dev.ballast.bench.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ballast.pipeline.BallastConfig;
import dev.ballast.pipeline.ConfigKeys;
import dev.ballast.pipeline.RouteConfig;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigFileTest {

  @Test
  void shouldWriteAFileThePipelineLoadsWhenAFleetInstanceIsConfigured(@TempDir Path dir)
      throws Exception {
    // given
    Path file =
        new ConfigFile("127.0.0.1:9092", "bench-fleet", "bench.fleet.", dir.resolve("state-0"))
            .set(ConfigKeys.TOPIC_PARTITIONS, 6).stream("group.instance.id", "bench-fleet-0")
                .endpoint("us-east-1", "http://127.0.0.1:1234", Map.of("requests.per.minute", 600))
                .endpoint("us-west-2", "http://127.0.0.1:1235", Map.of())
                .overrides(Map.of("commit.interval", "20ms", "streams.max.task.idle.ms", "-1"))
                .write(dir.resolve("fleet-0.yaml"));

    // when
    BallastConfig config = BallastConfig.load(file);

    // then
    Map<String, String> all = config.describe();
    assertThat(all)
        .containsEntry(ConfigKeys.APPLICATION_ID, "bench-fleet")
        .containsEntry(ConfigKeys.TOPIC_PARTITIONS, "6");
    assertThat(config.streamsOverrides())
        .containsEntry("group.instance.id", "bench-fleet-0")
        .containsEntry("max.task.idle.ms", "-1");
    assertThat(config.duration(ConfigKeys.COMMIT_INTERVAL).toMillis()).isEqualTo(20);
    RouteConfig route = config.routes().get(Harness.ROUTE);
    assertThat(route.endpoints()).hasSize(2);
    assertThat(route.endpoints().get(0).requestsPerMinute()).isEqualTo(600);
    assertThat(route.endpoints().get(1).endpoint().region()).isEqualTo("us-west-2");
  }

  @Test
  void shouldWriteEachNamedRouteWithItsOwnEndpoints(@TempDir Path dir) throws Exception {
    // given: the cost scenario's two routes
    Path file =
        new ConfigFile("127.0.0.1:9092", "bench-cost", "bench.cost.", dir.resolve("state"))
            .route("paced")
            .endpoint("us-east-1", "http://127.0.0.1:1234", Map.of())
            .route("zero")
            .endpoint("us-west-2", "http://127.0.0.1:1235", Map.of())
            .write(dir.resolve("cost.yaml"));

    // when
    BallastConfig config = BallastConfig.load(file);

    // then
    assertThat(config.routes().keySet()).containsExactly("paced", "zero");
    assertThat(config.routes().get("paced").endpoints().get(0).endpoint().region())
        .isEqualTo("us-east-1");
    assertThat(config.routes().get("zero").endpoints()).hasSize(1);
    assertThat(config.routes().get("zero").endpoints().get(0).endpoint().region())
        .isEqualTo("us-west-2");
  }
}
