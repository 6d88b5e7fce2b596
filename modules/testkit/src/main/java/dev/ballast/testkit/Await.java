package dev.ballast.testkit;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Waits for a condition with a bound, for the places where real time cannot be injected (a real
 * broker, a real HTTP server). Never a fixed sleep: it returns as soon as the condition holds.
 */
public final class Await {

  private static final long POLL_MS = 10;

  private Await() {}

  /**
   * Returns once {@code condition} holds.
   *
   * @throws AssertionError naming {@code what} and the last state when {@code timeout} passes first
   */
  public static void until(Duration timeout, String what, BooleanSupplier condition) {
    until(timeout, what, condition, () -> "");
  }

  /**
   * As {@link #until(Duration, String, BooleanSupplier)}; {@code state} describes the last state.
   */
  public static void until(
      Duration timeout, String what, BooleanSupplier condition, Supplier<String> state) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            "Timed out after "
                + timeout.toMillis()
                + " ms waiting for "
                + what
                + ". "
                + state.get());
      }
      try {
        Thread.sleep(POLL_MS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("Interrupted while waiting for " + what, e);
      }
    }
  }
}
