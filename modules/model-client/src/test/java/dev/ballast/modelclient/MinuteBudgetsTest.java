package dev.ballast.modelclient;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The per-minute budgets of a fleet's instance: fleet units, assumed earlier use, window length.
 */
class MinuteBudgetsTest {

  private static final int RPM = 60;

  private final AtomicLong nanos = new AtomicLong(TimeUnit.HOURS.toNanos(1));
  private final MinuteBudgets b = new MinuteBudgets(nanos::get);

  private void advanceMs(long ms) {
    nanos.addAndGet(TimeUnit.MILLISECONDS.toNanos(ms));
    b.advance();
  }

  private boolean fits() {
    b.advance();
    return b.fits(RPM, 0, 0, 1.0);
  }

  /** Sends whenever it fits, checking every 100 ms for {@code ms}; returns the calls sent. */
  private int sendFor(long ms) {
    int sent = 0;
    for (long t = 0; t < ms; t += 100) {
      while (fits()) {
        b.charge(0);
        sent++;
      }
      advanceMs(100);
    }
    return sent;
  }

  @Test
  void shouldFreeNoBudgetAtOnceWhenTheShareGrows() {
    // given: a third of 60 rpm, spent over a minute
    b.share(1.0 / 3);
    int first = sendFor(60_000);

    // when: another instance died, the share is now a half
    b.share(0.5);

    // then: its calls are still in the provider's minute: nothing is free at once, and the next
    // minute holds a half's 30 calls
    assertThat(first).isBetween(20, 21);
    assertThat(fits()).isFalse();
    assertThat(sendFor(60_000)).isBetween(29, 31);
  }

  @Test
  void shouldGoOnAtTheSmallerSharesRateWhenTheShareShrinks() {
    // given: a half of 60 rpm, a call every two seconds for a minute
    b.share(0.5);
    for (int i = 0; i < 30; i++) {
      assertThat(fits()).isTrue();
      b.charge(0);
      advanceMs(2_000);
    }

    // when: an instance joined, the share is now a third
    b.share(1.0 / 3);

    // then: it sends again within seconds (as calls of the half age out), not after the 20
    // seconds its own calls would take to fall below a third's 20
    int sent = sendFor(10_000);
    assertThat(sent).isBetween(3, 5);
  }

  @Test
  void shouldStartAtTheSharesRateWhenTheFleetUsedTheLastMinute() {
    // given: a joining instance's third, the fleet having used the whole budget
    b.share(1.0 / 3);
    b.assumeUsed(even(1.0), RPM, 0);

    // then: no burst; a third's rate, one call every three seconds
    assertThat(fits()).isFalse();
    assertThat(sendFor(3_100)).isEqualTo(1);
    assertThat(sendFor(30_000)).isBetween(9, 11);
    assertThat(b.used(RPM, 0)).isCloseTo(1.0, org.assertj.core.api.Assertions.within(0.1));
  }

  /** {@code total} spread evenly over the last minute, newest second first. */
  private static double[] even(double total) {
    double[] a = new double[MinuteBudgets.SECONDS];
    java.util.Arrays.fill(a, total / MinuteBudgets.SECONDS);
    return a;
  }

  @Test
  void shouldAssumeAReportOnlyWhenItAddsUpToMoreThanItCounts() {
    // given: a half, 15 calls (30 of the fleet's 60) counted here
    b.share(0.5);
    for (int i = 0; i < 15; i++) {
      b.charge(0);
    }

    // when / then: a report of a quarter changes nothing; one of three quarters is assumed
    b.assumeUsed(even(0.25), RPM, 0);
    assertThat(b.used(RPM, 0)).isCloseTo(0.5, org.assertj.core.api.Assertions.within(1e-9));
    b.assumeUsed(even(0.75), RPM, 0);
    assertThat(b.used(RPM, 0)).isCloseTo(1.25, org.assertj.core.api.Assertions.within(1e-9));
  }

  @Test
  void shouldFollowTheShapeOfTheReportedMinute() {
    // given: a third; the fleet spent the whole budget in the second that ended 59 s ago
    b.share(1.0 / 3);
    double[] oldest = new double[MinuteBudgets.SECONDS];
    oldest[MinuteBudgets.SECONDS - 1] = 1.0;
    b.assumeUsed(oldest, RPM, 0);

    // then: nothing now, a third's 20 calls once that second left the minute
    assertThat(fits()).isFalse();
    assertThat(sendFor(900)).isZero();
    assertThat(sendFor(200)).isEqualTo(20);
  }

  @Test
  void shouldReportItsUsePerSecondNewestFirst() {
    // given: a half; two calls now, one 30.5 s earlier
    b.share(0.5);
    b.charge(0);
    advanceMs(30_500);
    b.charge(0);
    b.charge(0);

    // then: in fleet units, as fractions of 60 rpm
    double[] used = b.usedPerSecond(RPM, 0);
    assertThat(used[0]).isCloseTo(4 / 60.0, org.assertj.core.api.Assertions.within(1e-9));
    assertThat(used[30]).isCloseTo(2 / 60.0, org.assertj.core.api.Assertions.within(1e-9));
    assertThat(java.util.Arrays.stream(used).sum())
        .isCloseTo(6 / 60.0, org.assertj.core.api.Assertions.within(1e-9));
  }

  @Test
  void shouldBurstWhenTheFleetUsedNothing() {
    b.share(1.0 / 3);
    b.assumeUsed(even(0), RPM, 0);
    assertThat(sendFor(100)).isEqualTo(20);
  }

  @Test
  void shouldKeepACallForAMinuteAndASlotFromTheEndOfItsSlot() {
    // given: a budget of one call, charged 900 ms into a second
    advanceMs(900);
    b.charge(0);

    // when / then: the provider counts it until 60.9 s; it is kept until its slot's end plus
    // a minute and a slot
    advanceMs(60_000);
    assertThat(b.fits(1, 0, 0, 1.0)).isFalse();
    advanceMs(100);
    assertThat(b.fits(1, 0, 0, 1.0)).isFalse();
    advanceMs(100);
    assertThat(b.fits(1, 0, 0, 1.0)).isTrue();
  }

  @Test
  void shouldCountACallsActualTokensInPlaceOfItsChargeUntilItsSlotLeaves() {
    long slot = b.advance();
    b.charge(1_000);
    advanceMs(100);
    b.charge(500);

    b.correct(slot, 1_000, 300);

    assertThat(b.tokens()).isEqualTo(800.0);
    assertThat(b.fits(0, 800, 1, 1.0)).isFalse();
    assertThat(b.fits(0, 801, 1, 1.0)).isTrue();
    // The corrected slot leaves the window a minute and a slot after it ended; the later one stays.
    advanceMs(60_100);
    assertThat(b.tokens()).isEqualTo(500.0);
    // A slot already out of the window is not corrected.
    b.correct(slot, 1_000, 5_000);
    assertThat(b.tokens()).isEqualTo(500.0);
  }
}
