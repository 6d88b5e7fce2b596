package dev.ballast.simulator.internal;

import java.util.ArrayDeque;

/**
 * The calls and tokens charged to one (region, model) in the last 60 seconds. Thread-safe: all
 * methods synchronize on the window.
 */
final class QuotaWindow {

  static final long WINDOW_MILLIS = 60_000;

  private record Charge(long atMillis, long tokens) {}

  private final ArrayDeque<Charge> charges = new ArrayDeque<>();
  private long tokens;

  /**
   * Charges one call of {@code callTokens} at {@code nowMillis} if it fits both limits.
   *
   * @return true when charged, false when the call would exceed a limit
   */
  synchronized boolean tryCharge(long nowMillis, long callTokens, long maxCalls, long maxTokens) {
    while (!charges.isEmpty() && nowMillis - charges.peekFirst().atMillis() >= WINDOW_MILLIS) {
      tokens -= charges.pollFirst().tokens();
    }
    if (charges.size() + 1L > maxCalls || tokens + callTokens > maxTokens) {
      return false;
    }
    charges.addLast(new Charge(nowMillis, callTokens));
    tokens += callTokens;
    return true;
  }
}
