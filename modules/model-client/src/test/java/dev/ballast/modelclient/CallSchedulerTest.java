package dev.ballast.modelclient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CallSchedulerTest {

  private final ScheduledThreadPoolExecutor delays = new ScheduledThreadPoolExecutor(1);
  private final CallScheduler scheduler = new CallScheduler(delays);

  @AfterEach
  void stop() {
    delays.shutdownNow();
  }

  private ScheduledFuture<?> recordThread(AtomicReference<Thread> ranOn, long delay) {
    return scheduler.schedule(
        () -> {
          ranOn.set(Thread.currentThread());
          return "sent";
        },
        delay,
        TimeUnit.NANOSECONDS);
  }

  @Test
  void shouldRunFirstTaskDueNowOfACallOnTheThreadThatStartsIt() throws Exception {
    // given
    AtomicReference<Thread> first = new AtomicReference<>();
    AtomicReference<Thread> second = new AtomicReference<>();

    // when: the call schedules two tasks due now
    ScheduledFuture<?>[] f = new ScheduledFuture<?>[2];
    scheduler.start(
        () -> {
          f[0] = recordThread(first, 0);
          f[1] = recordThread(second, 0);
          return null;
        });

    // then: the first ran in place, the second on the pool
    assertThat(first.get()).isSameAs(Thread.currentThread());
    assertThat(f[0].isDone()).isTrue();
    assertThat(f[0].get()).isEqualTo("sent");
    assertThat(f[0].getDelay(TimeUnit.NANOSECONDS)).isZero();
    f[1].get(10, TimeUnit.SECONDS);
    assertThat(second.get()).isNotNull().isNotSameAs(Thread.currentThread());
  }

  @Test
  void shouldSendTaskDueNowToThePoolOutsideAStart() throws Exception {
    // given
    AtomicReference<Thread> ranOn = new AtomicReference<>();

    // when: a retry without backoff, scheduled where no call is starting
    ScheduledFuture<?> f = recordThread(ranOn, 0);

    // then
    f.get(10, TimeUnit.SECONDS);
    assertThat(ranOn.get()).isNotNull().isNotSameAs(Thread.currentThread());
  }

  @Test
  void shouldCompleteExceptionallyWhenTaskRunInPlaceThrows() {
    // when
    ScheduledFuture<?> f =
        scheduler.start(
            () ->
                scheduler.schedule(
                    () -> {
                      throw new IllegalStateException("defect");
                    },
                    0,
                    TimeUnit.NANOSECONDS));

    // then
    assertThatThrownBy(f::get)
        .isInstanceOf(ExecutionException.class)
        .hasCauseInstanceOf(IllegalStateException.class);
  }

  @Test
  void shouldQueueDelayedTaskOnDelaysAndDropItWhenCancelled() {
    // given
    delays.setRemoveOnCancelPolicy(true);
    AtomicReference<Thread> ranOn = new AtomicReference<>();

    // when
    ScheduledFuture<?> f = scheduler.start(() -> recordThread(ranOn, TimeUnit.HOURS.toNanos(1)));

    // then
    assertThat(ranOn.get()).isNull();
    assertThat(f.getDelay(TimeUnit.MINUTES)).isGreaterThan(50);
    assertThat(delays.getQueue()).hasSize(1);
    f.cancel(false);
    assertThat(delays.getQueue()).isEmpty();
  }

  @Test
  void shouldCompleteAnAttemptThatEndedBeforeSendingOnThePool() throws Exception {
    // given: the pool's one thread held until what is chained is in place
    CountDownLatch hold = new CountDownLatch(1);
    delays.execute(
        () -> {
          try {
            hold.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });
    CompletableFuture<String> failedAtOnce =
        CompletableFuture.failedFuture(new IllegalArgumentException("bad request"));
    CompletableFuture<String> pending = new CompletableFuture<>();
    AtomicReference<Thread> chainedOn = new AtomicReference<>();

    // when
    CompletableFuture<String> detached = scheduler.detached(failedAtOnce);
    CompletableFuture<Void> chained =
        detached.handle((r, e) -> null).thenRun(() -> chainedOn.set(Thread.currentThread()));
    boolean doneBeforeThePoolRan = detached.isDone();
    hold.countDown();

    // then: it completed on the pool, so what is chained onto it did not run on the caller
    assertThat(doneBeforeThePoolRan).isFalse();
    // (waiting on the chained stage first: a thread waiting in detached.get() may itself run
    // what is chained onto detached once it completes)
    chained.get(10, TimeUnit.SECONDS);
    assertThat(chainedOn.get()).isNotNull().isNotSameAs(Thread.currentThread());
    assertThatThrownBy(() -> detached.get(10, TimeUnit.SECONDS))
        .hasCauseInstanceOf(IllegalArgumentException.class);
    assertThat(scheduler.detached(pending)).isSameAs(pending);
  }
}
