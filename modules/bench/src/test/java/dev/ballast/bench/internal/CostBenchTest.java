package dev.ballast.bench.internal;

import static org.assertj.core.api.Assertions.assertThat;

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
}
