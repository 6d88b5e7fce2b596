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
   * @return 0 when charged; else the milliseconds until the window has room for the call ({@link
   *     #WINDOW_MILLIS} when it never will, the call being larger than the token limit)
   */
  synchronized long tryCharge(long nowMillis, long callTokens, long maxCalls, long maxTokens) {
    while (!charges.isEmpty() && nowMillis - charges.peekFirst().atMillis() >= WINDOW_MILLIS) {
      tokens -= charges.pollFirst().tokens();
    }
    if (charges.size() + 1L > maxCalls || tokens + callTokens > maxTokens) {
      return waitMillis(nowMillis, callTokens, maxCalls, maxTokens);
    }
    charges.addLast(new Charge(nowMillis, callTokens));
    tokens += callTokens;
    return 0;
  }

  private long waitMillis(long nowMillis, long callTokens, long maxCalls, long maxTokens) {
    if (callTokens > maxTokens) {
      return WINDOW_MILLIS;
    }
    long calls = charges.size();
    long left = tokens;
    for (Charge c : charges) {
      calls--;
      left -= c.tokens();
      long wait = c.atMillis() + WINDOW_MILLIS - nowMillis;
      if (calls + 1 <= maxCalls && left + callTokens <= maxTokens) {
        return Math.max(1, wait);
      }
    }
    return WINDOW_MILLIS;
  }
}
