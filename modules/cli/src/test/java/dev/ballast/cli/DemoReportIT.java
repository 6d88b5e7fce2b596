package dev.ballast.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code ballast demo} through a short primary-region outage writes a self-contained HTML report,
 * and headless Chromium draws every chart of it without a console error.
 */
class DemoReportIT {

  /** The primary answers 503 from 1 s to 5 s: its breaker opens, probes, and closes again. */
  private static final String SCENARIO =
      """
      seed: 7
      regions:
        - name: us-east-1
          latency: {distribution: lognormal, median: 30ms, p99: 200ms}
          outages:
            - {start: 1s, duration: 4s, error: ServiceUnavailableException}
        - name: us-west-2
          latency: {distribution: lognormal, median: 30ms, p99: 200ms}
      """;

  @Test
  void shouldDrawEveryChartWithoutConsoleErrorsWhenTheDemoReportIsRendered(@TempDir Path dir)
      throws Exception {
    // given
    Path scenario = dir.resolve("outage.yaml");
    Files.writeString(scenario, SCENARIO);
    Path report = dir.resolve("out/report.html");
    CommandLine cli = BallastCli.commandLine();
    StringWriter out = new StringWriter();
    cli.setOut(new PrintWriter(out));

    // when
    int status =
        cli.execute(
            "demo",
            "--count",
            "320",
            "--rate",
            "40",
            "--scenario",
            scenario.toString(),
            "--report",
            report.toString());

    // then: the report is written, its path printed, and it needs nothing from the network
    assertThat(status).as(out.toString()).isZero();
    assertThat(out.toString()).contains("report written to " + report.toAbsolutePath());
    String html = Files.readString(report);
    assertThat(html)
        .doesNotContain("src=", "href=", "<link", "@import", "url(")
        .doesNotContainPattern("https?://(?!www\\.w3\\.org/2000/svg)");
    assertThat(html).contains("open from", "half_open from").contains("us-west-2");
    assertThat(html).contains("model's own latency", "Ballast added");

    // when: headless Chromium loads it
    Optional<Chromium> browser = Chromium.find();
    Assumptions.assumeTrue(
        browser.isPresent(),
        "No chromium on PATH: skipping the rendering check (apt-get install chromium; .ci/run"
            + " installs it)");
    Chromium.Run dom = browser.get().run(report, dir.resolve("profile-1"), "--dump-dom");
    Path png = dir.resolve("report.png");
    Chromium.Run shot =
        browser
            .get()
            .run(
                report, dir.resolve("profile-2"), "--window-size=1100,1900", "--screenshot=" + png);

    // then: every chart has marks with a drawn size, and the page logged nothing
    assertThat(dom.exit()).as(dom.stderr()).isZero();
    Matcher drawn = Pattern.compile("data-drawn=\"([^\"]*)\"").matcher(dom.stdout());
    assertThat(drawn.find()).as("body[data-drawn] in the DOM: " + dom.stdout()).isTrue();
    JsonNode charts = new ObjectMapper().readTree(drawn.group(1).replace("&quot;", "\""));
    assertThat(charts.fieldNames())
        .toIterable()
        .containsExactlyInAnyOrder("results", "breakers", "regions", "latency");
    charts.forEach(
        c -> {
          assertThat(c.get("marks").asInt()).isPositive();
          assertThat(c.get("width").asInt()).isGreaterThan(100);
          assertThat(c.get("height").asInt()).isPositive();
        });
    assertThat(dom.stderr() + shot.stderr()).doesNotContain(":CONSOLE(");
    assertThat(shot.exit()).as(shot.stderr()).isZero();
    assertThat(Files.size(png)).isGreaterThan(10_000);
  }
}
