package dev.ballast.bench.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class SoakSeriesTest {

  @Test
  void shouldMeasureGrowthFromTheSampleAtHalfTimeToTheLastWhenSampledEveryMinute() {
    // given a 20-minute soak sampled every minute, levelling off at 100,000 from minute 8
    SoakSeries s = new SoakSeries();
    for (int minute = 1; minute <= 20; minute++) {
      s.add(minute * 60L, minute < 8 ? minute * 12_500 : 100_000 + (minute - 10) * 100);
    }

    // when / then: minute 10 holds 100,000, minute 20 holds 101,000
    assertThat(s.growthOverSecondHalfPct()).isCloseTo(1.0, within(1e-9));
  }

  @Test
  void shouldShowUnboundedGrowthWhenTheFigureKeepsRising() {
    SoakSeries s = new SoakSeries();
    for (int minute = 1; minute <= 20; minute++) {
      s.add(minute * 60L, minute * 60_000);
    }

    assertThat(s.growthOverSecondHalfPct()).isCloseTo(100.0, within(1e-9));
  }

  @Test
  void shouldBeNotANumberWhenThereIsTooLittleToCompare() {
    SoakSeries one = new SoakSeries();
    one.add(60, 5);
    SoakSeries zeroAtHalf = new SoakSeries();
    zeroAtHalf.add(60, 0);
    zeroAtHalf.add(120, 5);

    assertThat(one.growthOverSecondHalfPct()).isNaN();
    assertThat(zeroAtHalf.growthOverSecondHalfPct()).isNaN();
  }
}
