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

  /** Whether any rule in force selects calls by their prompt text. */
  boolean readsPrompt() {
    for (InstalledRule r : injected) {
      if (r.rule().readsPrompt()) {
        return true;
      }
    }
    return fromScenario.stream().anyMatch(r -> r.rule().readsPrompt());
  }

  /** The rule that fires for a call, its budget taken, or null. */
  FaultRule fire(Call call) {
    FaultRule rule = fire(injected, call);
    return rule != null ? rule : fire(fromScenario, call);
  }

  private static FaultRule fire(List<InstalledRule> rules, Call call) {
    for (InstalledRule installed : rules) {
      if (installed
              .rule()
              .matches(
                  call.requestId(),
                  call.attempt(),
                  call.region(),
                  call.modelId(),
                  call.structured() != null,
                  call.promptText())
          && installed.tryFire()) {
        return installed.rule();
      }
    }
    return null;
  }
}
