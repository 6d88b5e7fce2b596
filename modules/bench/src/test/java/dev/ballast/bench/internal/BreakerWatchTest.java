package dev.ballast.bench.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class BreakerWatchTest {

  private static final long MS = 1_000_000L;
  private static final double NAN = Double.NaN;

  @Test
  void shouldMeasureTheSpreadFromTheFirstOpenToTheLast() {
    // given
    BreakerWatch w = new BreakerWatch("us-east-1");

    // when the instances open at 100, 300 and 700 ms (one unreadable for a while)
    w.record(0, new double[] {0, 0, 0}, 0);
    w.record(100 * MS, new double[] {1, 0, NAN}, 10);
    w.record(300 * MS, new double[] {1, 1, NAN}, 12);
    w.record(700 * MS, new double[] {1, 1, 1}, 14);

    // then
    assertThat(w.spreadMs()).isCloseTo(600, within(1e-9));
  }

  @Test
  void shouldCountEndpointCallsWhileAnyBreakerIsNotClosedPerProbeInterval() {
    // given
    BreakerWatch w = new BreakerWatch("us-east-1");

    // when one breaker is open from 0 to 10 s (half-open at 5 s) and the endpoint gets 4 calls
    // meanwhile; 100 calls before, while all were closed, do not count
    w.record(0, new double[] {0, 0}, 0);
    w.record(1, new double[] {1, 0}, 100);
    w.record(5_000 * MS + 1, new double[] {2, 0}, 102);
    w.record(10_000 * MS + 1, new double[] {0, 0}, 104);
    w.record(11_000 * MS + 1, new double[] {0, 0}, 150);

    // then 4 calls in 10 s of open time, with a 5 s probe interval: 2 per interval
    assertThat(w.callsPerInterval(5_000)).isCloseTo(2.0, within(1e-9));
  }

  @Test
  void shouldBoundTheSpreadByTheLastPollWhenAnInstanceNeverOpened() {
    BreakerWatch w = new BreakerWatch("us-east-1");
    w.record(0, new double[] {1, 0}, 0);
    w.record(2_000 * MS, new double[] {1, 0}, 0);

    assertThat(w.spreadMs()).isCloseTo(2_000, within(1e-9));
    assertThat(new BreakerWatch("x").spreadMs()).isNaN();
  }
}
