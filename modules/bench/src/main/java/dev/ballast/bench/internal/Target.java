package dev.ballast.bench.internal;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A headline figure and the value it must reach.
 *
 * @param key the figure's key in {@code bench.json}
 * @param label what the figure is, for the report
 * @param atMost true when the figure must be at most {@code threshold}, false for at least
 * @param threshold the target value
 * @param unit unit of the figure and the threshold, for the report; empty for none
 */
public record Target(String key, String label, boolean atMost, double threshold, String unit) {

  /** The targets of the issues "Throughput without loss" and "Efficiency". */
  public static final List<Target> ALL =
      List.of(
          new Target("overheadMsP50", "latency Ballast adds, p50", true, 5, "ms"),
          new Target("overheadMsP99", "latency Ballast adds, p99", true, 25, "ms"),
          new Target(
              "capacityRpsOneJvm",
              "sustained throughput, broker and pipeline in one JVM",
              false,
              2000,
              "req/s"),
          new Target(
              "capacityRps",
              "sustained throughput, broker in its own JVM, 0 ms model (median of runs)",
              false,
              5000,
              "req/s"),
          new Target("capacitySpreadPct", "capacity run-to-run spread", true, 15, "%"),
          new Target("idleCpuPct", "idle pipeline process CPU", true, 2, "% of a core"),
          new Target(
              "cpuPctOfOneCoreAt200", "pipeline process CPU at 200 req/s", true, 25, "% of a core"),
          new Target("startupToRunningMs", "./ballast run to RUNNING", true, 5000, "ms"),
          new Target("goodputShare", "successful calls per minute / quota", false, 0.95, ""),
          new Target("throttlesPerSuccess", "429s per successful call", true, 0.05, ""),
          new Target("heapMbWithBacklog", "heap after GC, 100,000 queued", true, 256, "MB"));

  /** The verdict on {@code figures}: "pass", "FAIL", or "not run" when the figure is missing. */
  public String verdict(Map<String, Object> figures) {
    Object v = figures.get(key);
    if (!(v instanceof Number n) || Double.isNaN(n.doubleValue())) {
      return "not run";
    }
    double value = n.doubleValue();
    boolean ok = atMost ? value <= threshold : value >= threshold;
    return ok ? "pass" : "FAIL";
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
