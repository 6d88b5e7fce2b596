package dev.ballast.bench.internal;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;

/**
 * Where the stream threads' transaction commits spend their time over a measured window, from the
 * Kafka producer's cumulative transaction metrics (group {@code producer-metrics}: {@code
 * flush-time-ns-total}, {@code txn-send-offsets-time-ns-total}, {@code txn-commit-time-ns-total},
 * {@code txn-begin-time-ns-total}, {@code record-retry-total}) and Streams' {@code commit-total}
 * (group {@code stream-thread-metrics}), summed over every thread of an app. Immutable.
 */
final class CommitTime {

  private static final List<String> PRODUCER_TOTALS =
      List.of(
          "flush-time-ns-total",
          "txn-send-offsets-time-ns-total",
          "txn-commit-time-ns-total",
          "txn-begin-time-ns-total",
          "record-retry-total",
          "record-send-total");

  private final Map<String, Double> totals;

  private CommitTime(Map<String, Double> totals) {
    this.totals = totals;
  }

  /** The totals now, in {@code metrics} (an app's {@code KafkaStreams#metrics()}). */
  static CommitTime start(Map<MetricName, ? extends Metric> metrics) {
    return new CommitTime(totals(metrics));
  }

  /**
   * Since {@link #start}: the commits and, per commit, the mean ms spent flushing the producer,
   * sending the consumed offsets, committing and beginning a transaction, and the records sent and
   * retried per commit; empty when no commit happened.
   */
  Map<String, Object> since(Map<MetricName, ? extends Metric> metrics) {
    Map<String, Double> now = totals(metrics);
    double commits = delta(now, "commit-total");
    Map<String, Object> m = new LinkedHashMap<>();
    if (commits <= 0) {
      return m;
    }
    m.put("commits", (long) commits);
    m.put("flushMsPerCommit", perCommitMs(now, "flush-time-ns-total", commits));
    m.put("sendOffsetsMsPerCommit", perCommitMs(now, "txn-send-offsets-time-ns-total", commits));
    m.put("commitTxnMsPerCommit", perCommitMs(now, "txn-commit-time-ns-total", commits));
    m.put("beginTxnMsPerCommit", perCommitMs(now, "txn-begin-time-ns-total", commits));
    m.put("recordsPerCommit", Units.round(delta(now, "record-send-total") / commits, 2));
    m.put("retriesPerCommit", Units.round(delta(now, "record-retry-total") / commits, 3));
    return m;
  }

  private double perCommitMs(Map<String, Double> now, String name, double commits) {
    return Units.round(delta(now, name) / 1e6 / commits, 3);
  }

  private double delta(Map<String, Double> now, String name) {
    return now.getOrDefault(name, 0.0) - totals.getOrDefault(name, 0.0);
  }

  private static Map<String, Double> totals(Map<MetricName, ? extends Metric> metrics) {
    Map<String, Double> sums = new HashMap<>();
    metrics.forEach(
        (name, metric) -> {
          boolean wanted =
              "producer-metrics".equals(name.group()) && PRODUCER_TOTALS.contains(name.name())
                  || "stream-thread-metrics".equals(name.group())
                      && "commit-total".equals(name.name());
          if (wanted && metric.metricValue() instanceof Double v && Double.isFinite(v)) {
            sums.merge(name.name(), v, Double::sum);
          }
        });
    return sums;
  }
}
