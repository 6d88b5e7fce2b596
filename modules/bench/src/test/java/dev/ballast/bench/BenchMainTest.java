package dev.ballast.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ballast.testkit.UsageText;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class BenchMainTest {

  @Test
  void shouldFormatEveryHelpLineSoPicocliPrintsNoWarning() {
    // given
    CommandLine cli = new CommandLine(new BenchMain());
    StringWriter out = new StringWriter();
    cli.setOut(new PrintWriter(out));

    // when
    int status = cli.execute("--help");

    // then
    assertThat(UsageText.formatProblems(cli)).isEmpty();
    assertThat(status).isZero();
    assertThat(out.toString()).contains("storm (30 % 429s on the primary").doesNotContain("%n");
  }
}
