package dev.ballast.modelclient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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

  @Test
  void shouldRunTaskDueNowOnCallingThread() throws Exception {
    // given
    AtomicReference<Thread> ranOn = new AtomicReference<>();

    // when
    ScheduledFuture<?> f =
        scheduler.schedule(
            () -> {
              ranOn.set(Thread.currentThread());
              return "sent";
            },
            0,
            TimeUnit.NANOSECONDS);

    // then
    assertThat(ranOn.get()).isSameAs(Thread.currentThread());
    assertThat(f.isDone()).isTrue();
    assertThat(f.get()).isEqualTo("sent");
    assertThat(f.getDelay(TimeUnit.NANOSECONDS)).isZero();
    assertThat(delays.getQueue()).isEmpty();
  }

  @Test
  void shouldCompleteExceptionallyWhenTaskDueNowThrows() {
    // when
    ScheduledFuture<?> f =
        scheduler.schedule(
            () -> {
              throw new IllegalStateException("defect");
            },
            0,
            TimeUnit.NANOSECONDS);

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
    ScheduledFuture<?> f =
        scheduler.schedule(
            () -> {
              ranOn.set(Thread.currentThread());
              return null;
            },
            1,
            TimeUnit.HOURS);

    // then
    assertThat(ranOn.get()).isNull();
    assertThat(f.getDelay(TimeUnit.MINUTES)).isGreaterThan(50);
    assertThat(delays.getQueue()).hasSize(1);
    f.cancel(false);
    assertThat(delays.getQueue()).isEmpty();
  }
}
