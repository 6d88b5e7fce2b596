package dev.ballast.bench.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class OpenLoopLogTest {

  private static final long MS = 1_000_000L;

  @Test
  void shouldMeasureFromTheScheduledTimeWhenTheSenderFellBehind() {
    // given a pacer at 100/s on a manual clock, and a sender that stalls 500 ms before its
    // second send
    AtomicLong clock = new AtomicLong(1_000 * MS);
    Pacer pacer = new Pacer(100, clock::get);
    OpenLoopLog log = new OpenLoopLog();
    long first = pacer.awaitNext();
    log.sent("a", first);
    clock.addAndGet(500 * MS);
    long second = pacer.awaitNext();
    log.sent("b", second);

    // when both are answered 20 ms after the stalled send went out
    log.answered("a", clock.get() + 20 * MS);
    log.answered("b", clock.get() + 20 * MS);

    // then the second counts from when it was due (10 ms after the first), not from when it went
    // out: the stall is in its latency
    assertThat(second - first).isEqualTo(10 * MS);
    assertThat(log.latencies().max()).isEqualTo(520 * MS);
    assertThat(log.latencies().percentile(50)).isEqualTo(510 * MS);
  }

  @Test
  void shouldCountARequestWithoutResultAsMissingWhenSummarizing() {
    // given
    OpenLoopLog log = new OpenLoopLog();
    log.sent("a", 0);
    log.sent("b", 0);
    log.sent("c", 0);

    // when one gets two results, one gets one, and an unknown id one
    log.answered("a", 5 * MS);
    log.answered("a", 9 * MS);
    log.answered("b", 7 * MS);
    log.answered("x", 1 * MS);

    // then
    assertThat(log.missing()).isEqualTo(1);
    assertThat(log.answeredShare()).isEqualTo(2.0 / 3);
    assertThat(log.latencies().size()).isEqualTo(2);
    assertThat(log.summary()).containsEntry("missing", 1L).containsEntry("p99Ms", 7.0);
  }
}
