package dev.ballast.bench.internal;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Bounded waits for the runner's thread: return as soon as the condition holds. */
final class Waits {

  private Waits() {}

  /** Waits until {@code condition} holds or {@code bound} passes; returns whether it held. */
  static boolean until(Duration bound, BooleanSupplier condition) {
    long deadline = System.nanoTime() + bound.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      sleep(20);
    }
    return true;
  }

  /** Sleeps; the runner measures with wall-clock time, so this is how it lets time pass. */
  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
