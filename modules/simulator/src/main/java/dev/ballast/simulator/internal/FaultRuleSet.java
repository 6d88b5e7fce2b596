package dev.ballast.simulator.internal;

import dev.ballast.simulator.FaultRule;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The deterministic fault rules in force: rules injected at run time (in order) first, then the
 * scenario's. The first matching rule with budget left fires. Thread-safe.
 */
final class FaultRuleSet {

  private final CopyOnWriteArrayList<InstalledRule> injected = new CopyOnWriteArrayList<>();
  private volatile List<InstalledRule> fromScenario = List.of();

  void replaceScenarioRules(List<FaultRule> rules) {
    fromScenario = rules.stream().map(InstalledRule::new).toList();
  }

  void inject(FaultRule rule) {
    injected.add(new InstalledRule(rule.validate()));
  }

  void clear() {
    injected.clear();
    fromScenario = List.of();
  }

  /** The rule that fires for a call, its budget taken, or null. */
  FaultRule fire(String requestId, int attempt, String region, String modelId) {
    FaultRule rule = fire(injected, requestId, attempt, region, modelId);
    return rule != null ? rule : fire(fromScenario, requestId, attempt, region, modelId);
  }

  private static FaultRule fire(
      List<InstalledRule> rules, String requestId, int attempt, String region, String modelId) {
    for (InstalledRule installed : rules) {
      if (installed.rule().matches(requestId, attempt, region, modelId) && installed.tryFire()) {
        return installed.rule();
      }
    }
    return null;
  }
}
