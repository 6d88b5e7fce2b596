package dev.ballast.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.ballast.pipeline.BallastConfig;
import dev.ballast.pipeline.ConfigKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The files in ops/ refer to what exists: the metrics the dashboard, the rules and the runbooks use
 * are the documented ones, and the Kubernetes manifests match the configuration they mount.
 */
class OpsFilesTest {

  private static final Path ROOT = Path.of("../..");
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final Pattern METRIC = Pattern.compile("\\bballast_[a-z_]+");

  /** Metric names in the table of ops/README.md. */
  private static Set<String> documented() throws Exception {
    String readme = Files.readString(ROOT.resolve("ops/README.md"));
    String table =
        readme.substring(
            readme.indexOf("<!-- metrics:start -->"), readme.indexOf("<!-- metrics:end -->"));
    Set<String> names = new TreeSet<>();
    Matcher m = Pattern.compile("^\\| `(ballast_[a-z_]+)`", Pattern.MULTILINE).matcher(table);
    while (m.find()) {
      names.add(m.group(1));
    }
    return names;
  }

  private static Set<String> used(String path) throws Exception {
    Set<String> names = new TreeSet<>();
    Matcher m = METRIC.matcher(Files.readString(ROOT.resolve(path)));
    while (m.find()) {
      names.add(m.group().replaceFirst("_(bucket|count|sum)$", ""));
    }
    return names;
  }

  @Test
  void shouldUseOnlyDocumentedMetricsWhenDashboardRulesAndRunbooksQueryThem() throws Exception {
    // given
    Set<String> documented = documented();

    // when
    Set<String> used = new TreeSet<>();
    for (String path :
        new String[] {
          "ops/grafana/ballast-dashboard.json",
          "ops/alerts/ballast-alerts.yml",
          "ops/runbooks/region-outage.md",
          "ops/runbooks/throttling.md",
          "ops/runbooks/latency.md",
          "ops/runbooks/slo-burn.md",
          "ops/runbooks/dead-letters.md",
          "README.md"
        }) {
      used.addAll(used(path));
    }

    // then
    assertThat(documented).hasSizeGreaterThan(20);
    assertThat(used).isNotEmpty().isSubsetOf(documented);
  }

  @Test
  void shouldDrawEveryPanelFromAQueryWhenTheDashboardLoads() throws Exception {
    // given
    JsonNode dashboard =
        new ObjectMapper().readTree(ROOT.resolve("ops/grafana/ballast-dashboard.json").toFile());

    // when
    Set<String> titles = new TreeSet<>();
    for (JsonNode panel : dashboard.path("panels")) {
      if (!panel.path("type").asText().equals("row")) {
        assertThat(panel.path("targets")).as(panel.path("title").asText()).isNotEmpty();
        panel.path("targets").forEach(t -> assertThat(t.path("expr").asText()).isNotBlank());
      }
      titles.add(panel.path("title").asText());
    }

    // then: the rows and panels the runbooks and alerts name exist
    assertThat(dashboard.path("uid").asText()).isEqualTo("ballast");
    assertThat(titles)
        .contains(
            "Traffic",
            "Outcomes",
            "Latency",
            "Endpoints",
            "Admission",
            "Delay topics",
            "SLO burn",
            "Breaker state",
            "Calls by endpoint",
            "Calls by outcome",
            "Fallback share",
            "Failed by reason",
            "Dead letters by reason",
            "Result latency",
            "Error ratio vs budget",
            "Burn rate");
  }

  @Test
  void shouldProbeAndScrapeTheConfiguredPortWhenDeployedOnKubernetes(@TempDir Path dir)
      throws Exception {
    // given: the ConfigMap's configuration, with the line the container appends
    JsonNode configMap = YAML.readTree(ROOT.resolve("ops/k8s/configmap.yaml").toFile());
    JsonNode deployment = YAML.readTree(ROOT.resolve("ops/k8s/deployment.yaml").toFile());
    JsonNode service = YAML.readTree(ROOT.resolve("ops/k8s/service.yaml").toFile());
    JsonNode container = deployment.path("spec").path("template").path("spec").path("containers");
    String script = container.get(0).path("args").get(0).asText();
    assertThat(script).contains("printf '  group.instance.id: %s\\n' \"$POD_NAME\"");
    Path file = dir.resolve("ballast.yaml");
    Files.writeString(
        file,
        configMap.path("data").path("ballast.yaml").asText() + "  group.instance.id: pod-1\n");

    // when
    BallastConfig config = BallastConfig.load(file);

    // then
    assertThat(config.streamsOverrides()).containsEntry("group.instance.id", "pod-1");
    int port = config.intValue(ConfigKeys.METRICS_PORT);
    JsonNode c = container.get(0);
    assertThat(c.path("ports").get(0).path("containerPort").asInt()).isEqualTo(port);
    assertThat(c.path("livenessProbe").path("httpGet").path("path").asText())
        .isEqualTo("/health/live");
    assertThat(c.path("readinessProbe").path("httpGet").path("path").asText())
        .isEqualTo("/health/ready");
    assertThat(config.string(ConfigKeys.METRICS_BIND_ADDRESS)).isEqualTo("0.0.0.0");
    assertThat(service.path("spec").path("clusterIP").asText()).isEqualTo("None");
    assertThat(service.path("spec").path("ports").get(0).path("port").asInt()).isEqualTo(port);
  }
}
