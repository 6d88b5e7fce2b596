package dev.ballast.pipeline.internal;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.streams.errors.StreamsException;

/**
 * The instance-wide window of model calls in flight ({@code model.max.in.flight}): a permit is
 * taken before a call starts and given back when it ends, so every stream thread of an instance
 * shares one bound. The batch lane takes a permit only while more than the online reserve is free.
 *
 * <p>This class is thread-safe; the waiting methods run their callback on the waiting thread.
 */
public final class InFlightWindow {

  private final Semaphore permits;
  private final int size;
  private final int batchReserve;

  /**
   * @param size calls in flight at most; at least 1
   * @param batchReserve permits the batch lane leaves free for the online lane; below {@code size}
   */
  public InFlightWindow(int size, int batchReserve) {
    if (size < 1) {
      throw new IllegalArgumentException("window size must be >= 1, was " + size);
    }
    this.size = size;
    this.batchReserve = Math.max(0, Math.min(batchReserve, size - 1));
    this.permits = new Semaphore(size);
  }

  /** Takes a permit if one is free now. */
  public boolean tryAcquire() {
    return permits.tryAcquire();
  }

  /** Takes a permit, waiting at most {@code wait}. */
  public boolean tryAcquire(Duration wait) throws InterruptedException {
    return permits.tryAcquire(wait.toNanos(), TimeUnit.NANOSECONDS);
  }

  /**
   * Takes a permit for the batch lane if more than the online reserve is free now: taking {@code
   * reserve + 1} at once proves it; all but one go back at once.
   */
  public boolean tryAcquireSpare() {
    if (!permits.tryAcquire(batchReserve + 1)) {
      return false;
    }
    permits.release(batchReserve);
    return true;
  }

  /**
   * Takes a permit, running {@code whileWaiting} every {@code poll} until one is free.
   *
   * @return whether it had to wait
   * @throws StreamsException when interrupted
   */
  public boolean acquire(Duration poll, Runnable whileWaiting) {
    if (permits.tryAcquire()) {
      return false;
    }
    try {
      while (!tryAcquire(poll)) {
        whileWaiting.run();
      }
    } catch (InterruptedException e) {
      throw interrupted(e);
    }
    return true;
  }

  /**
   * Takes a permit for the batch lane ({@link #tryAcquireSpare()}), running {@code whileWaiting}
   * every {@code poll} until one is. Never waits forever on an idle window: the reserve is below
   * the window's size.
   *
   * @return whether it had to wait
   * @throws StreamsException when interrupted
   */
  public boolean acquireSpare(Duration poll, Runnable whileWaiting) {
    boolean waited = false;
    while (!tryAcquireSpare()) {
      waited = true;
      whileWaiting.run();
      try {
        if (tryAcquire(poll)) {
          release(); // room appeared: try for a spare permit again
        }
      } catch (InterruptedException e) {
        throw interrupted(e);
      }
    }
    return waited;
  }

  private static StreamsException interrupted(InterruptedException e) {
    Thread.currentThread().interrupt();
    return new StreamsException("Interrupted while waiting for room in the in-flight window", e);
  }

  /** Gives a permit back. */
  public void release() {
    permits.release();
  }

  /** Calls in flight now. */
  public int inFlight() {
    return size - permits.availablePermits();
  }

  /** The window's size. */
  public int size() {
    return size;
  }
}
