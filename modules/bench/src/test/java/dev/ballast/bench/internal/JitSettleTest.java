package dev.ballast.bench.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class JitSettleTest {

  private static final long MS = 1_000_000L;

  private final AtomicLong nanos = new AtomicLong(1_000 * MS);
  private final AtomicLong compileMs = new AtomicLong(5_000);

  private JitSettle settle(int minSeconds, int maxSeconds) {
    return new JitSettle(
        Duration.ofSeconds(minSeconds),
        Duration.ofSeconds(maxSeconds),
        Duration.ofSeconds(10),
        0.10,
        2,
        nanos::get,
        compileMs::get);
  }

  /** Advances the clock by {@code ms} in steps of 100 ms, the compilers using {@code share}. */
  private boolean run(JitSettle s, long ms, double share) {
    boolean done = false;
    for (long t = 0; t < ms && !done; t += 100) {
      nanos.addAndGet(100 * MS);
      compileMs.addAndGet(Math.round(100 * share * 2));
      done = s.done();
    }
    return done;
  }

  @Test
  void shouldEndAtTheMinimumWhenTheCompilersAreQuietFromTheStart() {
    // given
    JitSettle s = settle(20, 180);

    // when / then: quiet, but not before 20 s
    assertThat(run(s, 19_900, 0.02)).isFalse();
    assertThat(run(s, 200, 0.02)).isTrue();
    assertThat(s.settled()).isTrue();
    assertThat(s.lastShare()).isBetween(0.015, 0.025);
  }

  @Test
  void shouldWaitPastTheMinimumWhileTheCompilersAreBusy() {
    // given
    JitSettle s = settle(20, 180);

    // when: busy for 60 s, then quiet
    assertThat(run(s, 60_000, 0.5)).isFalse();
    assertThat(s.lastShare()).isBetween(0.45, 0.55);

    // then: it ends once a whole 10 s window is quiet, not before
    assertThat(run(s, 8_000, 0.01)).isFalse();
    assertThat(run(s, 3_000, 0.01)).isTrue();
    assertThat(s.settled()).isTrue();
  }

  @Test
  void shouldEndAtTheMaximumWhenTheCompilersNeverSettle() {
    // given
    JitSettle s = settle(20, 180);

    // when / then
    assertThat(run(s, 179_800, 0.3)).isFalse();
    assertThat(run(s, 400, 0.3)).isTrue();
    assertThat(s.settled()).isFalse();
    assertThat(s.seconds()).isEqualTo(180.0);
  }

  @Test
  void shouldEndAtTheMinimumWhenTheJvmReportsNoCompileTime() {
    // given
    compileMs.set(-1);
    JitSettle s = settle(20, 180);

    // when / then: the clock alone decides (no compile time added: it stays -1)
    assertThat(run(s, 19_900, 0)).isFalse();
    assertThat(run(s, 200, 0)).isTrue();
    assertThat(s.settled()).isFalse();
  }
}
