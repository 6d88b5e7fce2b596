package dev.ballast.pipeline.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class DaemonThreadsTest {

  @Test
  void shouldDropACancelledTaskFromAScheduledPoolAtOnce() {
    // given
    ScheduledExecutorService pool = DaemonThreads.scheduled("test-timer");
    try {
      ScheduledFuture<?> timeout = pool.schedule(() -> {}, 1, TimeUnit.HOURS);
      assertThat(((ScheduledThreadPoolExecutor) pool).getQueue()).hasSize(1);

      // when: the call it guarded ended
      timeout.cancel(false);

      // then: nothing is left to wake a thread in an hour
      assertThat(((ScheduledThreadPoolExecutor) pool).getQueue()).isEmpty();
    } finally {
      pool.shutdownNow();
    }
  }
}
