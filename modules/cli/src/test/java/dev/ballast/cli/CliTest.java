package dev.ballast.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ballast.testkit.UsageText;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class CliTest {

  @TempDir Path dir;

  private record Run(int status, String out, String err) {}

  private static Run run(String... args) {
    CommandLine cli = BallastCli.commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    int status = cli.execute(args);
    return new Run(status, out.toString(), err.toString());
  }

  @Test
  void shouldFormatEveryHelpLineOfEveryCommandSoPicocliPrintsNoWarning() {
    CommandLine cli = BallastCli.commandLine();

    assertThat(UsageText.formatProblems(cli)).isEmpty();
    assertThat(cli.getSubcommands()).containsKeys("run", "demo", "sqs-bridge", "backfill");
  }

  @Test
  void shouldExitTwoNamingTheKeyWhenConfigHasUnknownKey() throws Exception {
    // given
    Path config = dir.resolve("ballast.yaml");
    Files.writeString(
        config,
        "bootstrap.servers: localhost:9092\nmodel.call.timeot: 5s\nroutes:\n  default:\n    endpoints:\n      - {model: m, region: us-east-1}\n");

    // when
    Run r = run("run", "--config", config.toString());

    // then
    assertThat(r.status()).isEqualTo(2);
    assertThat(r.err())
        .contains("unknown key 'model.call.timeot'")
        .contains("did you mean 'model.call.timeout'?");
  }

  @Test
  void shouldExitTwoWhenConfigFileIsMissing() {
    Run r = run("run", "--config", dir.resolve("nope.yaml").toString());

    assertThat(r.status()).isEqualTo(2);
    assertThat(r.err()).contains("nope.yaml: no such file");
  }

  @Test
  void shouldExitTwoWhenValueHasWrongType() throws Exception {
    // given
    Path config = dir.resolve("ballast.yaml");
    Files.writeString(
        config,
        "bootstrap.servers: localhost:9092\nmodel.max.in.flight: lots\nroutes:\n  default:\n    endpoints:\n      - {model: m, region: us-east-1}\n");

    // when
    Run r = run("run", "--config", config.toString());

    // then
    assertThat(r.status()).isEqualTo(2);
    assertThat(r.err())
        .contains("invalid value 'lots' for 'model.max.in.flight': expected a whole number");
  }

  @Test
  void shouldPrintEffectiveSettingsWhenCheckingAGoodConfig() throws Exception {
    // given
    Path config = dir.resolve("ballast.yaml");
    Files.writeString(
        config,
        "bootstrap.servers: localhost:9092\nroutes:\n  default:\n    endpoints:\n      - {model: m, region: us-east-1}\n");

    // when
    Run r = run("run", "--config", config.toString(), "--check");

    // then
    assertThat(r.status()).isZero();
    assertThat(r.out())
        .contains("bootstrap.servers = localhost:9092")
        .contains("model.call.timeout = 30s")
        .contains("routes.default = [bedrock/m@us-east-1]");
  }

  @Test
  void shouldExitTwoWhenFlagIsUnknown() {
    Run r = run("demo", "--cuont", "5");

    assertThat(r.status()).isEqualTo(2);
    assertThat(r.err()).contains("--cuont");
  }

  @Test
  void shouldRejectSubmitInputNamingTheRequestWhenFieldIsWrong() throws Exception {
    // given
    Path requests = dir.resolve("requests.jsonl");
    Files.writeString(requests, "{\"prompt\":\"hi\"}\n{\"promt\":\"typo\"}\n");

    // when
    Run r = run("submit", "--file", requests.toString(), "--bootstrap-servers", "127.0.0.1:1");

    // then
    assertThat(r.status()).isEqualTo(2);
    assertThat(r.err()).contains("request 2: unknown field 'promt'");
  }
}
