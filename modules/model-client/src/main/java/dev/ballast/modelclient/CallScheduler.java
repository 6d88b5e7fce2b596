package dev.ballast.modelclient;

import dev.failsafe.spi.Scheduler;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Delayed;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Failsafe's {@link Scheduler} for an endpoint's calls: a task due now (a call's first attempt, a
 * retry without backoff) runs on the thread that asks for it, and only a delayed task (a backoff, a
 * timeout) goes to {@code delays}.
 *
 * <p>Failsafe's own scheduler hands every attempt to a pool, which costs a thread hand-off per
 * call; an attempt only builds, signs and hands the request to the HTTP client, so it runs where
 * the call starts (a dispatch thread, or the I/O thread that completed the attempt before it).
 *
 * <p>This class is thread-safe; {@code delays} is owned by the caller, which should drop cancelled
 * tasks at once ({@code ScheduledThreadPoolExecutor.setRemoveOnCancelPolicy}): every call's timeout
 * is scheduled there and cancelled when the call ends.
 */
final class CallScheduler implements Scheduler {

  private final ScheduledExecutorService delays;

  CallScheduler(ScheduledExecutorService delays) {
    this.delays = delays;
  }

  @Override
  public ScheduledFuture<?> schedule(Callable<?> callable, long delay, TimeUnit unit) {
    if (delay > 0) {
      return delays.schedule(callable, delay, unit);
    }
    Ran<Object> ran = new Ran<>();
    try {
      ran.complete(callable.call());
    } catch (Throwable t) {
      ran.completeExceptionally(t);
    }
    return ran;
  }

  /** A task that already ran: nothing to wait for or cancel. */
  private static final class Ran<V> extends CompletableFuture<V> implements ScheduledFuture<V> {

    @Override
    public long getDelay(TimeUnit unit) {
      return 0;
    }

    @Override
    public int compareTo(Delayed other) {
      return Long.compare(0, other.getDelay(TimeUnit.NANOSECONDS));
    }
  }
}
