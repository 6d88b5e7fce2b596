package dev.ballast.simulator.internal;

import dev.ballast.simulator.FaultRule;
import java.util.concurrent.atomic.AtomicInteger;

/** A fault rule installed in a simulator, with its remaining budget. Thread-safe. */
final class InstalledRule {

  private final FaultRule rule;
  private final AtomicInteger remaining;

  InstalledRule(FaultRule rule) {
    this.rule = rule;
    this.remaining = new AtomicInteger(rule.times());
  }

  FaultRule rule() {
    return rule;
  }

  /** Takes one firing from the budget; false when spent. Unlimited rules always fire. */
  boolean tryFire() {
    if (rule.times() == Integer.MAX_VALUE) {
      return true;
    }
    int left;
    do {
      left = remaining.get();
      if (left <= 0) {
        return false;
      }
    } while (!remaining.compareAndSet(left, left - 1));
    return true;
  }
}
