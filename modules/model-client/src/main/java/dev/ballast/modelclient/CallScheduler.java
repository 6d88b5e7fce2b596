package dev.ballast.modelclient;

import dev.failsafe.spi.Scheduler;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Delayed;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Failsafe's {@link Scheduler} for an endpoint's calls: a call's first attempt runs on the thread
 * that starts the call ({@link #start}), and everything else (retries, backoffs, timeouts) on
 * {@code delays}.
 *
 * <p>Failsafe's own scheduler hands every first attempt to a pool, a thread hand-off per call; an
 * attempt only builds, signs and hands the request to the HTTP client, so it runs where the call
 * starts. Only that attempt runs in place: Failsafe cancels a retry's dependencies right after
 * scheduling it, which must not find the retry already started. Nor may the attempt complete while
 * it runs in place ({@link #detached}), or a retry would be scheduled inside it.
 *
 * <p>This class is thread-safe; {@code delays} is owned by the caller, which should drop cancelled
 * tasks at once ({@code ScheduledThreadPoolExecutor.setRemoveOnCancelPolicy}): every call's timeout
 * is scheduled there and cancelled when the call ends.
 */
final class CallScheduler implements Scheduler {

  private final ScheduledExecutorService delays;
  private final ThreadLocal<Boolean> starting = new ThreadLocal<>();

  CallScheduler(ScheduledExecutorService delays) {
    this.delays = delays;
  }

  /**
   * Starts a call: the first task due now that {@code start} schedules on this thread (Failsafe's
   * first attempt) runs at once on it.
   */
  <T> T start(Supplier<T> start) {
    starting.set(Boolean.TRUE);
    try {
      return start.get();
    } finally {
      starting.remove();
    }
  }

  /**
   * {@code attempt}, or when it is already complete (a failure before anything was sent), a copy
   * completed on {@code delays}: what Failsafe chains onto an attempt then never runs inside it.
   */
  <T> CompletableFuture<T> detached(CompletableFuture<T> attempt) {
    return attempt.isDone() ? attempt.whenCompleteAsync((r, e) -> {}, delays) : attempt;
  }

  @Override
  public ScheduledFuture<?> schedule(Callable<?> callable, long delay, TimeUnit unit) {
    if (delay > 0 || starting.get() == null) {
      return delays.schedule(callable, Math.max(0, delay), unit);
    }
    starting.remove();
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
