package dev.ballast.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SimulatorMainTest {

  private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
  private final PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);

  @Test
  void shouldPrintUsageAndStartNothingWhenHelpIsAsked() {
    // when
    Simulator sim = SimulatorMain.fromArgs(new String[] {"--help"}, out);

    // then
    assertThat(sim).isNull();
    assertThat(printed.toString(StandardCharsets.UTF_8))
        .contains("--scenario FILE")
        .contains("--port N");
  }

  @Test
  void shouldPrintEveryRegionsUrlWhenStartedWithAScenario(@TempDir Path dir) throws IOException {
    // given
    Path file = dir.resolve("two.yaml");
    Files.writeString(file, "regions: [{name: us-east-1, port: 0}, {name: us-west-2}]\n");

    // when
    try (Simulator sim =
        SimulatorMain.fromArgs(new String[] {"--scenario", file.toString(), "--port", "0"}, out)) {

      // then
      String text = printed.toString(StandardCharsets.UTF_8);
      assertThat(text).contains("us-east-1").contains(sim.uri("us-east-1").toString());
      assertThat(text).contains("us-west-2").contains(sim.uri("us-west-2").toString());
      assertThat(Http.get(sim.uri().resolve("/_sim/health")).status()).isEqualTo(200);
    }
  }

  @Test
  void shouldRejectUnknownArgumentsWhenParsing() {
    // then
    assertThatThrownBy(() -> SimulatorMain.fromArgs(new String[] {"--prot", "1"}, out))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--prot");
    assertThatThrownBy(() -> SimulatorMain.fromArgs(new String[] {"--port", "x"}, out))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--port");
    assertThatThrownBy(() -> SimulatorMain.fromArgs(new String[] {"--scenario"}, out))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("needs a value");
  }
}
