package dev.ballast.bench.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class CostBenchTest {

  @Test
  void shouldGiveCpuMillisecondsPerRequestOrNullWhenAReadingIsUnknown() {
    // then: 2 ms of CPU over 4 requests
    assertThat(CostBench.perRequestMs(1_000_000, 3_000_000, 4)).isEqualTo(0.5);
    assertThat(CostBench.perRequestMs(-1, 3_000_000, 4)).isNull();
    assertThat(CostBench.perRequestMs(1_000_000, -1, 4)).isNull();
    assertThat(CostBench.perRequestMs(1_000_000, 3_000_000, 0)).isNull();
  }

  @Test
  void shouldGiveAnotherProcesssShareOfOneCoreOverAWindowOrNullWhenAReadingIsUnknown() {
    // given: a 4 s window
    ProcessCpu.Window window =
        new ProcessCpu.Window(0, 4_000_000_000L, Map.of(), Map.of(), 0, Map.of());

    // then: 1 s of CPU over 4 s is a quarter of a core
    assertThat(CostBench.pctOfOneCore(500_000_000L, 1_500_000_000L, window)).isEqualTo(25.0);
    assertThat(CostBench.pctOfOneCore(-1, 1_500_000_000L, window)).isNull();
    assertThat(CostBench.pctOfOneCore(500_000_000L, -1, window)).isNull();
  }
}
