package dev.ballast.bench.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;

/**
 * Where Kafka Streams' stream threads spend their time, from Streams' own thread metrics (group
 * {@code stream-thread-metrics}): per thread, how often it polls, processes and punctuates (per
 * second), the share of its time in poll, process, punctuate and commit, and the commit latency
 * (mean and max, ms) and rate (per second), all over Streams' recent sampling window.
 */
final class StreamThreadTime {

  private static final String GROUP = "stream-thread-metrics";

  private static final List<String> NAMES =
      List.of(
          "poll-rate",
          "process-rate",
          "punctuate-rate",
          "poll-ratio",
          "process-ratio",
          "punctuate-ratio",
          "commit-ratio",
          "commit-latency-avg",
          "commit-latency-max",
          "commit-rate");

  private StreamThreadTime() {}

  /**
   * Per thread id (sorted), each of the metrics above that Streams reports, rounded to 3 decimal
   * places; threads of the GlobalStreamThread and metrics without a value are left out.
   */
  static Map<String, Map<String, Double>> of(Map<MetricName, ? extends Metric> metrics) {
    Map<String, Map<String, Double>> byThread = new TreeMap<>();
    metrics.forEach(
        (name, metric) -> {
          if (!GROUP.equals(name.group()) || !NAMES.contains(name.name())) {
            return;
          }
          String thread = name.tags().getOrDefault("thread-id", "?");
          if (!(metric.metricValue() instanceof Double v) || v.isNaN() || v.isInfinite()) {
            return;
          }
          byThread
              .computeIfAbsent(thread, t -> new LinkedHashMap<>())
              .put(name.name(), Math.round(v * 1000) / 1000.0);
        });
    return byThread;
  }
}
