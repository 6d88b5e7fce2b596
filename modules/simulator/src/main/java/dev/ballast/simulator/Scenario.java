package dev.ballast.simulator;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Everything a simulator run is configured with: regions (one server each, the first is primary),
 * models, deterministic fault rules, and the seed of every random choice. Same seed and same
 * requests give the same faults. The file format is documented in {@code
 * docs/simulator-scenarios.md}.
 *
 * <p>Immutable and thread-safe.
 *
 * @param seed seeds every random choice
 * @param regions at least one, unique names; the first is the primary
 * @param models known models; others get {@link ModelConfig#defaultsFor(String)}
 * @param strictModels when true, unknown model ids are answered with {@link
 *     ErrorType#RESOURCE_NOT_FOUND}
 * @param faults deterministic fault rules, first match wins
 */
public record Scenario(
    long seed,
    List<RegionConfig> regions,
    List<ModelConfig> models,
    boolean strictModels,
    List<FaultRule> faults) {

  public Scenario {
    regions = List.copyOf(regions);
    models = List.copyOf(models);
    faults = List.copyOf(faults);
    if (regions.isEmpty()) {
      throw new IllegalArgumentException("a scenario needs at least one region");
    }
    Set<String> names = new HashSet<>();
    for (RegionConfig r : regions) {
      if (!names.add(r.name())) {
        throw new IllegalArgumentException("region '" + r.name() + "' is listed twice");
      }
    }
    Set<String> ids = new HashSet<>();
    for (ModelConfig m : models) {
      if (!ids.add(m.id())) {
        throw new IllegalArgumentException("model '" + m.id() + "' is listed twice");
      }
    }
    faults.forEach(FaultRule::validate);
  }

  /** One healthy region {@code us-east-1} on an ephemeral port, seed 42. */
  public static Scenario defaults() {
    return of(RegionConfig.named("us-east-1"));
  }

  /** The given regions, first is primary, with no models, faults, and seed 42. */
  public static Scenario of(RegionConfig... regions) {
    return new Scenario(42, List.of(regions), List.of(), false, List.of());
  }

  /** The primary region. */
  public RegionConfig primary() {
    return regions.get(0);
  }

  public Scenario withSeed(long s) {
    return new Scenario(s, regions, models, strictModels, faults);
  }

  public Scenario withRegions(List<RegionConfig> r) {
    return new Scenario(seed, r, models, strictModels, faults);
  }

  public Scenario withModels(ModelConfig... m) {
    return new Scenario(seed, regions, List.of(m), strictModels, faults);
  }

  public Scenario withStrictModels(boolean strict) {
    return new Scenario(seed, regions, models, strict, faults);
  }

  public Scenario withFaults(FaultRule... f) {
    return new Scenario(seed, regions, models, strictModels, List.of(f));
  }

  /** This scenario with the primary region's port replaced. */
  public Scenario withPrimaryPort(int port) {
    List<RegionConfig> r = new ArrayList<>(regions);
    r.set(0, r.get(0).withPort(port));
    return withRegions(r);
  }
}
