package dev.ballast.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.ballast.pipeline.BallastConfig;
import dev.ballast.pipeline.ConfigKeys;
import dev.ballast.pipeline.EndpointConfig;
import dev.ballast.schemas.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * docker-compose.yml cannot run on the build machines (no Docker engine), so this test checks that
 * it, the pipeline's configuration it mounts, Prometheus' scrape configuration and Grafana's
 * provisioning agree: ports, hosts, the topic prefix and the metrics port.
 */
class ComposeConfigTest {

  private static final Path ROOT = Path.of("../..");
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private static JsonNode yaml(String path) throws Exception {
    return YAML.readTree(Files.readString(ROOT.resolve(path)));
  }

  private static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }

  /** The compose file's path mounted at {@code target} in a service, or null. */
  private static String mounted(JsonNode service, String target) {
    for (JsonNode v : service.path("volumes")) {
      String[] parts = v.asText().split(":");
      if (parts[1].equals(target)) {
        return parts[0].replaceFirst("^\\./", "");
      }
    }
    return null;
  }

  @Test
  void shouldAgreeWithThePipelinesConfigurationWhenComposeStartsIt() throws Exception {
    // given
    JsonNode services = yaml("docker-compose.yml").path("services");
    JsonNode pipeline = services.path("pipeline");
    List<String> command = strings(pipeline.path("command"));
    String configInContainer = command.get(command.indexOf("--config") + 1);
    String configFile = mounted(pipeline, configInContainer);

    // when
    BallastConfig config = BallastConfig.load(ROOT.resolve(configFile));

    // then: Kafka is reached on the compose network's internal listener
    String internal =
        services.path("kafka").path("environment").path("KAFKA_ADVERTISED_LISTENERS").asText();
    assertThat(internal).contains("INTERNAL://" + config.bootstrapServers());
    // the simulator endpoint is the simulator service on the port it listens on
    List<String> sim = strings(services.path("simulator").path("command"));
    String simPort = sim.get(sim.indexOf("--port") + 1);
    EndpointConfig primary = config.routes().get("default").primary();
    assertThat(primary.endpoint().override()).isPresent();
    assertThat(primary.endpoint().override().get().toString())
        .isEqualTo("http://simulator:" + simPort);
    // clients on the host use the default prefix (the README's submit/results commands)
    assertThat(config.topics().requests().name()).startsWith(Topics.DEFAULT_PREFIX);
    assertThat(config.string(ConfigKeys.TOPIC_PREFIX)).isEqualTo(Topics.DEFAULT_PREFIX);
    // metrics: reachable from Prometheus, published on the same port, scraped there
    int metricsPort = config.intValue(ConfigKeys.METRICS_PORT);
    assertThat(config.string(ConfigKeys.METRICS_BIND_ADDRESS)).isEqualTo("0.0.0.0");
    assertThat(strings(pipeline.path("ports"))).contains(metricsPort + ":" + metricsPort);
    JsonNode prometheus = services.path("prometheus");
    JsonNode scrape =
        yaml(mounted(prometheus, "/etc/prometheus/prometheus.yml")).path("scrape_configs").get(0);
    assertThat(scrape.path("metrics_path").asText()).isEqualTo("/metrics");
    assertThat(strings(scrape.path("static_configs").get(0).path("targets")))
        .containsExactly("pipeline:" + metricsPort);
  }

  @Test
  void shouldProvisionTheRulesAndTheDashboardWhenPrometheusAndGrafanaStart() throws Exception {
    // given
    JsonNode services = yaml("docker-compose.yml").path("services");
    JsonNode prometheus = services.path("prometheus");
    JsonNode grafana = services.path("grafana");
    JsonNode prometheusConfig = yaml(mounted(prometheus, "/etc/prometheus/prometheus.yml"));

    // when
    String rulesDir = mounted(prometheus, "/etc/prometheus/rules");
    String dashboard = mounted(grafana, "/var/lib/grafana/dashboards/ballast-dashboard.json");
    JsonNode datasource =
        yaml(mounted(grafana, "/etc/grafana/provisioning") + "/datasources/prometheus.yml")
            .path("datasources")
            .get(0);
    JsonNode provider =
        yaml(mounted(grafana, "/etc/grafana/provisioning") + "/dashboards/ballast.yml")
            .path("providers")
            .get(0);

    // then
    assertThat(strings(prometheusConfig.path("rule_files")))
        .containsExactly("/etc/prometheus/rules/ballast-alerts.yml");
    assertThat(ROOT.resolve(rulesDir).resolve("ballast-alerts.yml")).isRegularFile();
    assertThat(ROOT.resolve(dashboard)).isRegularFile();
    assertThat(provider.path("options").path("path").asText())
        .isEqualTo("/var/lib/grafana/dashboards");
    assertThat(strings(prometheus.path("ports"))).contains("9090:9090");
    assertThat(datasource.path("url").asText()).isEqualTo("http://prometheus:9090");
  }
}
