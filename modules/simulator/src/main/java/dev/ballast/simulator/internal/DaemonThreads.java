package dev.ballast.simulator.internal;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Names the simulator's threads, makes them daemons and remembers them, so that closing can wait
 * until every one has ended. Thread-safe.
 */
final class DaemonThreads implements ThreadFactory {

  private final String prefix;
  private final AtomicInteger next = new AtomicInteger(1);
  private final Set<Thread> created = ConcurrentHashMap.newKeySet();

  DaemonThreads(String prefix) {
    this.prefix = prefix;
  }

  @Override
  public Thread newThread(Runnable r) {
    Thread t = new Thread(r, prefix + "-" + next.getAndIncrement());
    t.setDaemon(true);
    created.add(t);
    return t;
  }

  /** Waits up to {@code millis} in total for every created thread to end. */
  void join(long millis) throws InterruptedException {
    long deadline = System.nanoTime() + millis * 1_000_000;
    for (Thread t : created) {
      if (t == Thread.currentThread()) {
        continue;
      }
      long left = (deadline - System.nanoTime()) / 1_000_000;
      if (left <= 0) {
        return;
      }
      t.join(left);
    }
  }

  /**
   * Stops {@code executor} (whose threads this factory made; may be null) and waits up to 2 s for
   * it to terminate and 2 s more for its threads to end. Keeps the interrupt flag if interrupted.
   */
  void shutdown(ExecutorService executor) {
    if (executor == null) {
      return;
    }
    executor.shutdownNow();
    try {
      if (executor.awaitTermination(2, TimeUnit.SECONDS)) {
        join(2_000);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
