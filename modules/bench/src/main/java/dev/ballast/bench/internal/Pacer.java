package dev.ballast.bench.internal;

import java.util.concurrent.locks.LockSupport;

/**
 * Open-loop pacing: the n-th send is due at start + n / rate, whatever happened to earlier sends; a
 * sender that fell behind catches up at once. Not thread-safe: one sending thread.
 */
final class Pacer {

  private final long intervalNanos;
  private long next;

  Pacer(double ratePerSecond) {
    if (!(ratePerSecond > 0)) {
      throw new IllegalArgumentException("rate must be positive, was " + ratePerSecond);
    }
    this.intervalNanos = (long) (1_000_000_000L / ratePerSecond);
    this.next = System.nanoTime();
  }

  /** Waits until the next send is due. */
  void awaitNext() {
    long wait;
    while ((wait = next - System.nanoTime()) > 0) {
      LockSupport.parkNanos(wait);
    }
    next += intervalNanos;
  }
}
