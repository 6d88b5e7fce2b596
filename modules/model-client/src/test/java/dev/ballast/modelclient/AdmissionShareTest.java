package dev.ballast.modelclient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ballast.modelclient.Admission.Lane;
import dev.ballast.modelclient.Admission.Outcome;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** An admission keeping to its instance's share of a fleet's quota. */
class AdmissionShareTest {

  private final AtomicLong nanos = new AtomicLong(TimeUnit.HOURS.toNanos(1));

  private Admission admission(int rpm, long tpm, int concurrency) {
    return new Admission(new Admission.Limits(rpm, tpm, concurrency, 0), null, nanos::get);
  }

  @Test
  void shouldGrantOnlyTheShareOfTheRequestBudget() {
    // given: 60 rpm for the fleet, a third of it here
    Admission a = admission(60, 0, 100);
    a.share(1.0 / 3);

    // when
    int granted = 0;
    CompletableFuture<Admission.Ticket> next = a.acquire(Lane.ONLINE, 0);
    while (next.isDone()) {
      next.join().release(Outcome.SUCCESS, 0);
      granted++;
      next = a.acquire(Lane.ONLINE, 0);
    }

    // then: 20; a share that grows frees nothing at once (the 20 calls stood for the fleet's 60,
    // still in the provider's minute), the whole budget once they aged out
    assertThat(granted).isEqualTo(20);
    a.share(1.0);
    assertThat(next).isNotDone();
    nanos.addAndGet(TimeUnit.MILLISECONDS.toNanos(60_200));
    a.reconsider();
    assertThat(next).isDone();
  }

  @Test
  void shouldAssumeTheFleetsUseOfTheLastMinuteWhenJoining() {
    // given: a third of 60 rpm, joining a fleet that used the whole minute
    Admission a = admission(60, 0, 100);
    a.share(1.0 / 3);
    double[] even = new double[60];
    java.util.Arrays.fill(even, 1.0 / 60);
    a.assumeUsed(even);

    // when
    CompletableFuture<Admission.Ticket> first = a.acquire(Lane.ONLINE, 0);
    boolean atOnce = first.isDone();
    nanos.addAndGet(TimeUnit.SECONDS.toNanos(3));
    a.reconsider();

    // then: no burst; a third's rate, one call per three seconds
    assertThat(atOnce).isFalse();
    assertThat(first).isDone();
    assertThat(a.acquire(Lane.ONLINE, 0)).isNotDone();
    assertThat(java.util.Arrays.stream(a.usedPerSecond()).sum())
        .isCloseTo(1.0, org.assertj.core.api.Assertions.within(1e-6));
  }

  @Test
  void shouldKeepToTheShareOfTheTokenBudget() {
    // given
    Admission a = admission(0, 1_000, 100);
    a.share(0.5);

    // when
    a.acquire(Lane.ONLINE, 400).join().release(Outcome.SUCCESS, 400);
    CompletableFuture<Admission.Ticket> over = a.acquire(Lane.ONLINE, 200);

    // then: 400 + 200 > 500
    assertThat(over).isNotDone();
  }

  @Test
  void shouldLowerConcurrencyOnceASecondWhenOthersAreThrottled() {
    // given
    Admission a = admission(0, 0, 100);

    // when
    a.throttledElsewhere();
    a.throttledElsewhere();
    int afterTwo = a.limit();
    nanos.addAndGet(TimeUnit.SECONDS.toNanos(1));
    a.throttledElsewhere();

    // then
    assertThat(afterTwo).isEqualTo(70);
    assertThat(a.limit()).isEqualTo((int) (100 * 0.7 * 0.7));
  }

  @Test
  void shouldRejectAShareOutsideZeroToOne() {
    Admission a = admission(60, 0, 10);
    assertThatThrownBy(() -> a.share(0)).hasMessageContaining("was 0.0");
    assertThatThrownBy(() -> a.share(1.5)).hasMessageContaining("was 1.5");
  }
}
