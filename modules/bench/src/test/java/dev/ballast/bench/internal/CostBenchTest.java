package dev.ballast.bench.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Iterator;
import java.util.List;
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

  @Test
  void shouldGiveCompilersShareOfOneCoreOrNotQuietWhenAReadingIsUnknown() {
    // then: 250 ms of compiling over 5 s is 5 % of a core; an unknown reading is never quiet
    assertThat(CostBench.jitPct(1_000, 1_250, 5)).isEqualTo(5.0);
    assertThat(CostBench.jitPct(-1, 1_250, 5)).isGreaterThanOrEqualTo(CostBench.QUIET_JIT_PCT);
    assertThat(CostBench.jitPct(1_000, -1, 5)).isGreaterThanOrEqualTo(CostBench.QUIET_JIT_PCT);
  }

  @Test
  void shouldSettleAtTheFirstQuietSliceAndGiveUpAtTheLongestSettling() {
    // given: compilers at 9, 4, then 1.5 % of a core over 5-s slices
    Iterator<Double> shares = List.of(9.0, 4.0, 1.5, 0.5).iterator();
    int[] slices = new int[1];

    // when
    int seconds =
        CostLoad.settleJit(
            5,
            () -> {
              slices[0]++;
              return shares.next();
            });

    // then: three slices ran, the third quiet
    assertThat(seconds).isEqualTo(15);
    assertThat(slices[0]).isEqualTo(3);

    // and: compilers that never quiet down stop the settling at its longest
    assertThat(CostLoad.settleJit(5, () -> 50.0)).isEqualTo(CostBench.QUIET_MAX_SECONDS);
  }
}
