package dev.ballast.bench.internal;

import picocli.CommandLine.Option;

/**
 * The options of the scenarios of issue 12 ({@code storm}, {@code soak}, {@code fleet}) of {@code
 * ballast bench} (a picocli mixin): full-length defaults, shorter values for development runs.
 */
public final class FleetBenchOptions {

  @Option(
      names = "--storm-rate",
      defaultValue = "50",
      paramLabel = "N",
      description = "Requests/s of the storm scenario (default ${DEFAULT-VALUE}).")
  int stormRate;

  @Option(
      names = "--storm-duration",
      defaultValue = "60",
      paramLabel = "SECONDS",
      description = "Seconds of load of each storm phase (default ${DEFAULT-VALUE}).")
  int stormSeconds;

  @Option(
      names = "--storm-drain",
      defaultValue = "60",
      paramLabel = "SECONDS",
      description =
          "Seconds after the last send a storm result may still arrive before the request counts"
              + " as missing (default ${DEFAULT-VALUE}).")
  int stormDrainSeconds;

  @Option(
      names = "--soak-minutes",
      defaultValue = "20",
      paramLabel = "MINUTES",
      description = "Minutes of the soak (default ${DEFAULT-VALUE}; e.g. 2 for a development run).")
  double soakMinutes;

  @Option(
      names = "--soak-rate",
      defaultValue = "1000",
      paramLabel = "N",
      description = "Requests/s of the soak (default ${DEFAULT-VALUE}).")
  int soakRate;

  @Option(
      names = "--soak-dedup-retention",
      defaultValue = "",
      paramLabel = "DURATION",
      description =
          "dedup.retention of the soak's pipeline only, e.g. 5m to see the ledger level off within"
              + " a 20-minute soak (default: the pipeline's default).")
  String soakDedupRetention;

  @Option(
      names = "--fleet-duration",
      defaultValue = "180",
      paramLabel = "SECONDS",
      description =
          "Seconds of the fleet's quota phase, one instance killed half-way (default"
              + " ${DEFAULT-VALUE}; goodput counts from the second minute when it is >= 120).")
  int fleetSeconds;

  @Option(
      names = "--fleet-rpm",
      defaultValue = "600",
      paramLabel = "N",
      description =
          "The primary's quota in the fleet scenario, requests per minute; twice it is offered"
              + " (default ${DEFAULT-VALUE}).")
  int fleetRpm;

  @Option(
      names = "--fleet-outage",
      defaultValue = "30",
      paramLabel = "SECONDS",
      description =
          "Seconds the primary answers 503 in the fleet's outage phase (default ${DEFAULT-VALUE}).")
  int fleetOutageSeconds;

  @Option(
      names = "--fleet-drain",
      defaultValue = "120",
      paramLabel = "SECONDS",
      description =
          "Seconds after the fleet's load a result may still arrive before the request counts as"
              + " lost (default ${DEFAULT-VALUE}).")
  int fleetDrainSeconds;

  /** The soak scenario's settings. */
  public SoakBench.Settings soak() {
    return new SoakBench.Settings(soakRate, soakMinutes, soakDedupRetention);
  }

  /** The fleet scenario's settings. */
  public FleetBench.Settings fleet() {
    return new FleetBench.Settings(fleetSeconds, fleetRpm, fleetOutageSeconds, fleetDrainSeconds);
  }

  /** The storm scenario's settings. */
  public StormBench.Settings storm() {
    return new StormBench.Settings(stormRate, stormSeconds, stormDrainSeconds);
  }
}
