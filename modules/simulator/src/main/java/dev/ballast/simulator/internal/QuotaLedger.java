package dev.ballast.simulator.internal;

import dev.ballast.simulator.Quota;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Sliding-window request and token quotas per (region, model id), on the simulator's clock.
 * Thread-safe.
 */
final class QuotaLedger {

  private final ConcurrentHashMap<String, QuotaWindow> windows = new ConcurrentHashMap<>();

  /**
   * Charges a call against the first quota matching the model, if any.
   *
   * @return 0 when the call is within quota (and was charged), else the milliseconds until the
   *     window has room for it (the call must be throttled)
   */
  long tryAcquire(String region, String modelId, List<Quota> quotas, long tokens, long nowMillis) {
    for (Quota quota : quotas) {
      if (ModelPatterns.matches(quota.model(), modelId)) {
        QuotaWindow window =
            windows.computeIfAbsent(region + '\u0000' + modelId, k -> new QuotaWindow());
        return window.tryCharge(
            nowMillis, tokens, quota.requestsPerMinute(), quota.tokensPerMinute());
      }
    }
    return 0;
  }

  /** Forgets every charge. */
  void reset() {
    windows.clear();
  }
}
