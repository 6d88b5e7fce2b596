package dev.ballast.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ballast.client.JsonCodec;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The README's first command, {@code ballast demo}, on its embedded defaults. */
class DemoIT {

  @Test
  void shouldAnswerEveryRequestAndWriteTheSummaryWhenRunOnDefaults(@TempDir Path dir)
      throws Exception {
    // given
    Path summary = dir.resolve("summary.json");
    CommandLine cli = BallastCli.commandLine();
    StringWriter out = new StringWriter();
    cli.setOut(new PrintWriter(out));

    // when
    int status =
        cli.execute(
            "demo",
            "--count",
            "200",
            "--rate",
            "200",
            "--summary-json",
            summary.toString(),
            "--report",
            dir.resolve("report.html").toString());

    // then
    assertThat(status).as(out.toString()).isZero();
    JsonNode json = JsonCodec.MAPPER.readTree(summary.toFile());
    assertThat(json.get("requests").asLong()).isEqualTo(200);
    assertThat(json.get("results").asLong()).isEqualTo(200);
    assertThat(json.get("succeeded").asLong() + json.get("degraded").asLong()).isEqualTo(200);
    assertThat(json.get("failed").asLong()).isZero();
    assertThat(json.get("lost").asLong()).isZero();
    assertThat(json.get("duplicates").asLong()).isZero();
    assertThat(json.get("modelCalls").asLong()).isGreaterThanOrEqualTo(200);
    assertThat(json.get("truncated").asLong() + json.get("summarized").asLong()).isPositive();
    for (String key :
        new String[] {
          "latencyMsP50",
          "latencyMsP99",
          "durationMs",
          "delayed",
          "fallbackServed",
          "cacheServed",
          "dlq",
          "reasked",
          "invalidOutputFailed",
          "estimateErrorPct"
        }) {
      assertThat(json.has(key)).as(key).isTrue();
    }
    assertThat(out.toString())
        .contains("Ballast demo summary")
        .contains("metrics on http://127.0.0.1:");
    assertThat(dir.resolve("report.html")).isNotEmptyFile();
  }
}
