package dev.ballast.simulator.internal;

import dev.ballast.simulator.FaultRule;
import dev.ballast.simulator.Scenario;
import dev.ballast.simulator.SimulatorStats;
import java.net.URI;
import java.util.List;

/**
 * What the admin API ({@link AdminEndpoint}) may do to the running simulator. Implemented by {@link
 * SimulatorCore}; implementations are thread-safe.
 */
interface SimulatorAdmin {

  /** Region names in scenario order. */
  List<String> regions();

  /** The base URI a region serves on; throws {@link IllegalArgumentException} if unknown. */
  URI uri(String region);

  /** Stats without the per request id counts. */
  SimulatorStats statsSummary();

  /** How many distinct request ids have been seen since the last reset. */
  int distinctRequestIds();

  /** Adds a fault rule ahead of the scenario's own rules. */
  void inject(FaultRule rule);

  /** Removes every injected fault rule. */
  void clearFaults();

  /** Replaces the scenario; regions whose port changed are restarted. */
  void setScenario(Scenario next);

  /** Zeroes every counter. */
  void resetStats();
}
