package dev.ballast.bench.internal;

import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

/**
 * Open-loop pacing: the n-th send is due at start + n / rate, whatever happened to earlier sends; a
 * sender that fell behind catches up at once, and latency counts from the due time ({@link
 * #awaitNext}). Not thread-safe: one sending thread.
 */
final class Pacer {

  private final long intervalNanos;
  private final LongSupplier nanoTime;
  private long next;

  Pacer(double ratePerSecond) {
    this(ratePerSecond, System::nanoTime);
  }

  /**
   * @param nanoTime the clock, {@code System.nanoTime()} but in tests
   */
  Pacer(double ratePerSecond, LongSupplier nanoTime) {
    if (!(ratePerSecond > 0)) {
      throw new IllegalArgumentException("rate must be positive, was " + ratePerSecond);
    }
    this.intervalNanos = (long) (1_000_000_000L / ratePerSecond);
    this.nanoTime = nanoTime;
    this.next = nanoTime.getAsLong();
  }

  /**
   * Waits until the next send is due and returns when it was due (on the pacer's clock): the time
   * latency is measured from, so a sender that fell behind (a stalled producer, a pause) shows in
   * the latency instead of hiding it (no coordinated omission).
   */
  long awaitNext() {
    long due = next;
    long wait;
    while ((wait = due - nanoTime.getAsLong()) > 0) {
      LockSupport.parkNanos(wait);
    }
    next += intervalNanos;
    return due;
  }
}
