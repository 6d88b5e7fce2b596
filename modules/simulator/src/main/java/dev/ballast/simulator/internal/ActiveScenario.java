package dev.ballast.simulator.internal;

import dev.ballast.simulator.ModelConfig;
import dev.ballast.simulator.RegionConfig;
import dev.ballast.simulator.Scenario;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * A scenario in force and the instant it was applied (outage windows count from it), with lookups.
 * Immutable and thread-safe.
 */
final class ActiveScenario {

  private final Scenario scenario;
  private final Instant appliedAt;
  private final Map<String, RegionConfig> regions = new HashMap<>();
  private final Map<String, ModelConfig> models = new HashMap<>();

  ActiveScenario(Scenario scenario, Instant appliedAt) {
    this.scenario = scenario;
    this.appliedAt = appliedAt;
    scenario.regions().forEach(r -> regions.put(r.name(), r));
    scenario.models().forEach(m -> models.put(m.id(), m));
  }

  Scenario scenario() {
    return scenario;
  }

  Instant appliedAt() {
    return appliedAt;
  }

  /** The region's configuration; a healthy default for a region no longer in the scenario. */
  RegionConfig region(String name) {
    RegionConfig r = regions.get(name);
    return r != null ? r : RegionConfig.named(name);
  }

  /** The configured model for an id (exact, or after a geo prefix), or null. */
  ModelConfig model(String modelId) {
    ModelConfig exact = models.get(modelId);
    return exact != null ? exact : models.get(ModelPatterns.withoutGeoPrefix(modelId));
  }
}
