package dev.ballast.modelclient;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ballast.modelclient.Admission.Lane;
import dev.ballast.modelclient.Admission.Outcome;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class AdmissionTest {

  private final AtomicLong nanos = new AtomicLong(TimeUnit.HOURS.toNanos(1));

  private Admission admission(int rpm, long tpm, int concurrency, int headroom) {
    return new Admission(new Admission.Limits(rpm, tpm, concurrency, headroom), null, nanos::get);
  }

  private void advanceSeconds(long s) {
    nanos.addAndGet(TimeUnit.SECONDS.toNanos(s));
  }

  @Test
  void shouldHoldCallsOverTheRequestBudgetUntilTheMinuteSlides() {
    // given
    Admission a = admission(3, 0, 100, 0);
    for (int i = 0; i < 3; i++) {
      a.acquire(Lane.ONLINE, 0).join().release(Outcome.SUCCESS, 0);
    }

    // when
    CompletableFuture<Admission.Ticket> fourth = a.acquire(Lane.ONLINE, 0);
    advanceSeconds(59);
    a.reconsider();
    boolean grantedAt59 = fourth.isDone();
    nanos.addAndGet(TimeUnit.MILLISECONDS.toNanos(1_200)); // the slot's end, a minute and a slot
    a.reconsider();

    // then
    assertThat(grantedAt59).isFalse();
    assertThat(fourth).isDone();
  }

  @Test
  void shouldChargeEstimatedTokensAndCorrectThemWithReportedOnes() {
    // given: a 1,000-token minute
    Admission a = admission(0, 1_000, 100, 0);
    Admission.Ticket big = a.acquire(Lane.ONLINE, 900).join();

    // when: the estimate was high; the call used 300
    CompletableFuture<Admission.Ticket> next = a.acquire(Lane.ONLINE, 500);
    boolean waitedBeforeCorrection = !next.isDone();
    big.release(Outcome.SUCCESS, 300);

    // then
    assertThat(waitedBeforeCorrection).isTrue();
    assertThat(next).isDone();
    assertThat(java.util.Arrays.stream(a.usedPerSecond()).sum())
        .isCloseTo(0.8, org.assertj.core.api.Assertions.within(1e-9));
  }

  @Test
  void shouldFailEveryWaitingCallWhenRefused() {
    // given: one request per minute, spent, two waiting
    Admission a = admission(1, 0, 100, 0);
    a.acquire(Lane.ONLINE, 0).join().release(Outcome.SUCCESS, 0);
    CompletableFuture<Admission.Ticket> online = a.acquire(Lane.ONLINE, 0);
    CompletableFuture<Admission.Ticket> batch = a.acquire(Lane.BATCH, 0);

    // when
    a.refuseWaiting(() -> new IllegalStateException("breaker open"));
    advanceSeconds(61);
    a.reconsider();

    // then
    assertThat(online).isCompletedExceptionally();
    assertThat(batch).isCompletedExceptionally();
    assertThat(a.waiting()).isZero();
    assertThat(a.inFlight()).isZero();
  }

  @Test
  void shouldServeTheOnlineLaneFirstAndKeepHeadroomFromBatch() {
    // given: 10 per minute, batch may use 80%
    Admission a = admission(10, 0, 100, 20);
    for (int i = 0; i < 8; i++) {
      a.acquire(Lane.BATCH, 0).join().release(Outcome.SUCCESS, 0);
    }

    // when
    CompletableFuture<Admission.Ticket> batch = a.acquire(Lane.BATCH, 0);
    CompletableFuture<Admission.Ticket> online1 = a.acquire(Lane.ONLINE, 0);
    CompletableFuture<Admission.Ticket> online2 = a.acquire(Lane.ONLINE, 0);

    // then: the last 20% are the online lane's
    assertThat(batch).isNotDone();
    assertThat(online1).isDone();
    assertThat(online2).isDone();
  }

  @Test
  void shouldCutConcurrencyOnThrottlingAndGrowItBackOnSuccess() {
    // given
    Admission a = admission(0, 0, 100, 0);

    // when
    a.acquire(Lane.ONLINE, 0).join().release(Outcome.THROTTLED, 0);
    int afterThrottle = a.limit();
    a.acquire(Lane.ONLINE, 0).join().release(Outcome.THROTTLED, 0);
    int secondThrottleWithinASecond = a.limit();
    for (int i = 0; i < 200; i++) {
      a.acquire(Lane.ONLINE, 0).join().release(Outcome.SUCCESS, 0);
    }

    // then
    assertThat(afterThrottle).isEqualTo(70);
    assertThat(secondThrottleWithinASecond).isEqualTo(70);
    assertThat(a.limit()).isBetween(72, 73);
  }

  @Test
  void shouldLowerTheRateNotTheConcurrencyWhenTheAccountIsOutOfQuota() {
    // given: 100 requests per minute
    Admission a = admission(100, 0, 100, 0);

    // when: the provider says the account's quota is used up, after one call of the minute
    a.acquire(Lane.ONLINE, 0).join().release(Outcome.QUOTA, 0);
    for (int i = 0; i < 68; i++) {
      a.acquire(Lane.ONLINE, 0).join().release(Outcome.OTHER, 0);
    }
    boolean roomAt69 = a.hasRoom(Lane.ONLINE);
    CompletableFuture<Admission.Ticket> seventieth = a.acquire(Lane.ONLINE, 0);
    CompletableFuture<Admission.Ticket> seventyFirst = a.acquire(Lane.ONLINE, 0);

    // then: 70 calls a minute now; the concurrency limit is untouched
    assertThat(roomAt69).isTrue();
    assertThat(seventieth).isDone();
    assertThat(seventyFirst).isNotDone();
    assertThat(a.hasRoom(Lane.ONLINE)).isFalse();
    assertThat(a.limit()).isEqualTo(100);
  }

  @Test
  void shouldMakeCallsWaitWhenTheConcurrencyLimitIsReached() {
    // given
    Admission a = admission(0, 0, 2, 0);
    Admission.Ticket first = a.acquire(Lane.ONLINE, 0).join();
    a.acquire(Lane.ONLINE, 0).join();

    // when
    CompletableFuture<Admission.Ticket> third = a.acquire(Lane.ONLINE, 0);
    boolean waited = !third.isDone();
    first.release(Outcome.SUCCESS, 0);

    // then
    assertThat(waited).isTrue();
    assertThat(third).isDone();
    assertThat(a.inFlight()).isEqualTo(2);
  }

  @Test
  void shouldChargeNothingForACancelledWaiterWhenItsTurnComes() {
    // given
    Admission a = admission(0, 0, 1, 0);
    Admission.Ticket only = a.acquire(Lane.ONLINE, 0).join();
    CompletableFuture<Admission.Ticket> abandoned = a.acquire(Lane.ONLINE, 0);

    // when
    abandoned.cancel(false);
    only.release(Outcome.SUCCESS, 0);

    // then
    assertThat(a.inFlight()).isZero();
    assertThat(a.waiting()).isZero();
  }
}
