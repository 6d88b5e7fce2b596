package dev.ballast.pipeline.internal;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Named daemon threads: pools of as many as cores (at least two), and single tasks on a thread of
 * their own.
 */
public final class DaemonThreads {

  private DaemonThreads() {}

  /**
   * A scheduled pool named {@code name-N} that drops a cancelled task at once: a call's timeout is
   * scheduled and cancelled for every call, and a cancelled task left queued would still wake a
   * thread when it was due.
   */
  public static ScheduledExecutorService scheduled(String name) {
    ScheduledThreadPoolExecutor pool = new ScheduledThreadPoolExecutor(threads(), factory(name));
    pool.setRemoveOnCancelPolicy(true);
    return pool;
  }

  /** A fixed pool named {@code name-N}. */
  public static ExecutorService fixed(String name) {
    return Executors.newFixedThreadPool(threads(), factory(name));
  }

  /**
   * Runs {@code work} once on a new daemon thread named {@code name}; the future completes with its
   * value, or exceptionally with what it threw.
   */
  public static <T> CompletableFuture<T> supplyAsync(String name, Supplier<T> work) {
    return CompletableFuture.supplyAsync(
        work,
        r -> {
          Thread t = new Thread(r, name);
          t.setDaemon(true);
          t.start();
        });
  }

  private static int threads() {
    return Math.max(2, Runtime.getRuntime().availableProcessors());
  }

  private static ThreadFactory factory(String name) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, name + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
