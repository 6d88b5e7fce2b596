package dev.ballast.bench.internal;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A headline figure and the value it must reach.
 *
 * @param key the figure's key in {@code bench.json}
 * @param scenario the scenario that measures it: its verdict also requires that scenario to have
 *     lost and duplicated nothing ({@link Integrity})
 * @param label what the figure is, for the report
 * @param atMost true when the figure must be at most {@code threshold}, false for at least
 * @param threshold the target value
 * @param unit unit of the figure and the threshold, for the report; empty for none
 */
public record Target(
    String key, String scenario, String label, boolean atMost, double threshold, String unit) {

  /** The targets of the issues "Throughput without loss", "Efficiency" and "Fleet" (issue 12). */
  public static final List<Target> ALL =
      List.of(
          new Target("overheadMsP50", "overhead", "latency Ballast adds, p50", true, 5, "ms"),
          new Target("overheadMsP99", "overhead", "latency Ballast adds, p99", true, 25, "ms"),
          new Target(
              "overheadOverFloorP99Ms",
              "overhead",
              "p99 Ballast adds beyond the exactly-once floor (same commit interval)",
              true,
              10,
              "ms"),
          new Target(
              "capacityRpsOneJvm",
              "capacity",
              "sustained throughput, broker and pipeline in one JVM",
              false,
              2000,
              "req/s"),
          new Target(
              "capacityRps",
              "cost",
              "sustained throughput, broker in its own JVM, 0 ms model (median of runs)",
              false,
              5000,
              "req/s"),
          new Target("capacitySpreadPct", "cost", "capacity run-to-run spread", true, 15, "%"),
          new Target("idleCpuPct", "cost", "idle pipeline process CPU", true, 2, "% of a core"),
          new Target(
              "cpuPctOfOneCoreAt200",
              "cost",
              "pipeline process CPU at 200 req/s",
              true,
              25,
              "% of a core"),
          new Target("startupToRunningMs", "cost", "./ballast run to RUNNING", true, 5000, "ms"),
          new Target(
              "firstSecondsP99OverModelMs",
              "cost",
              "p99 of the first 15 s after RUNNING (200 req/s) above the model's latency",
              true,
              1000,
              "ms"),
          new Target(
              "goodputShare", "goodput", "successful calls per minute / quota", false, 0.95, ""),
          new Target("throttlesPerSuccess", "goodput", "429s per successful call", true, 0.05, ""),
          new Target(
              "heapMbWithBacklog", "memory", "heap after GC, 100,000 queued", true, 256, "MB"),
          new Target(
              "stormAnswered", "storm", "share of requests answered, 30 % 429s", false, 1.0, ""),
          new Target("stormP99Ms", "storm", "p99 from scheduled send, 30 % 429s", true, 2000, "ms"),
          new Target("stormCallsPerRequest", "storm", "upstream calls per request", true, 1.2, ""),
          new Target(
              "stormP50OverBaselinePct",
              "storm",
              "p50 above the same run without 429s",
              true,
              20,
              "%"),
          new Target(
              "soakLedgerGrowthPct",
              "soak",
              "ledger entries' growth over the soak's second half",
              true,
              5,
              "%"),
          new Target("soakLost", "soak", "requests without a result after the soak", true, 0, ""),
          new Target(
              "fleetGoodputShare",
              "fleet",
              "fleet's successful primary calls per minute / quota, from minute 2",
              false,
              0.95,
              ""),
          new Target(
              "fleetThrottlesPerSuccess", "fleet", "429s per successful call", true, 0.05, ""),
          new Target(
              "fleetBreakerSpreadMs",
              "fleet",
              "first instance's breaker open to the last's",
              true,
              1000,
              "ms"),
          new Target(
              "fleetProbesPerInterval",
              "fleet",
              "primary calls per probe interval while a breaker is open",
              true,
              1,
              ""),
          new Target("fleetLost", "fleet", "requests without a result", true, 0, ""),
          new Target("fleetDuplicates", "fleet", "requests with two results", true, 0, ""));

  /**
   * The verdict on {@code figures}: "pass", "FAIL", or "not run" when the figure is missing; a
   * figure the scenario could not compute (NaN, e.g. throttles per success with no success) fails,
   * and so does any figure of a scenario that lost or duplicated a result (or did not check).
   */
  public String verdict(Map<String, Object> figures, Map<String, Integrity> integrity) {
    Object v = figures.get(key);
    if (!(v instanceof Number n)) {
      return "not run";
    }
    double value = n.doubleValue();
    if (Double.isNaN(value)) {
      return "FAIL (no value)";
    }
    boolean ok = atMost ? value <= threshold : value >= threshold;
    Integrity i = integrity.getOrDefault(scenario, Integrity.UNCHECKED);
    if (!i.ok()) {
      return "FAIL (" + i + ")";
    }
    return ok ? "pass" : "FAIL";
  }

  /** The verdict on {@code figures} alone, as if every scenario lost and duplicated nothing. */
  public String verdict(Map<String, Object> figures) {
    return verdict(figures, Map.of(scenario, Integrity.CLEAN));
  }

  /** The target as text, e.g. {@code ≤ 5 ms}. */
  public String describe() {
    return (atMost ? "≤ " : "≥ ") + format(threshold) + (unit.isEmpty() ? "" : " " + unit);
  }

  /** A figure as report text: integers without decimals, others with up to three. */
  static String format(Object value) {
    if (value instanceof Double d || value instanceof Float) {
      double x = ((Number) value).doubleValue();
      if (x == Math.rint(x) && Math.abs(x) < 1e15) {
        return String.format(Locale.ROOT, "%,d", (long) x);
      }
      return String.format(Locale.ROOT, "%,.3f", x).replaceAll("0+$", "").replaceAll("\\.$", "");
    }
    if (value instanceof Number n) {
      return String.format(Locale.ROOT, "%,d", n.longValue());
    }
    return String.valueOf(value);
  }
}
