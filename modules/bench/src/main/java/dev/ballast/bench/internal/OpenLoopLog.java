package dev.ballast.bench.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The requests of an open-loop run: when each was due to be sent ({@link Pacer#awaitNext}) and when
 * its first result arrived. Latency is result minus due time, so a late send counts against the
 * system measured (no coordinated omission); a request with no result is missing, and a run with
 * missing requests has no valid latency figure. Thread-safe.
 */
final class OpenLoopLog {

  private final Map<String, Long> due = new ConcurrentHashMap<>();
  private final Set<String> answered = ConcurrentHashMap.newKeySet();
  private final Percentiles latencies = new Percentiles();
  private final Map<Long, Percentiles> bySecond = new ConcurrentSkipListMap<>();
  private volatile long firstDue = Long.MIN_VALUE;

  /** Request {@code id} was due to be sent at {@code dueNanos}; call before sending it. */
  void sent(String id, long dueNanos) {
    if (firstDue == Long.MIN_VALUE) {
      firstDue = dueNanos;
    }
    due.put(id, dueNanos);
  }

  /**
   * A result of {@code id} arrived at {@code nowNanos}: the first one of a request logged by {@link
   * #sent} is measured; others (repeats, ids not logged) are ignored.
   */
  void answered(String id, long nowNanos) {
    Long d = due.get(id);
    if (d != null && answered.add(id)) {
      latencies.add(nowNanos - d);
      bySecond
          .computeIfAbsent((d - firstDue) / 1_000_000_000L, s -> new Percentiles())
          .add(nowNanos - d);
    }
  }

  /** Whether {@code id} was logged as sent. */
  boolean knows(String id) {
    return due.containsKey(id);
  }

  /** Requests logged as sent. */
  long sent() {
    return due.size();
  }

  /** Requests logged as sent that have a result. */
  long answeredCount() {
    return answered.size();
  }

  /** Requests logged as sent without a result (so far). */
  long missing() {
    return due.size() - answered.size();
  }

  /** Share of the requests sent that have a result; 0 when none was sent. */
  double answeredShare() {
    return due.isEmpty() ? 0 : (double) answered.size() / due.size();
  }

  /** Latencies in nanoseconds, due time to result, of the requests answered. */
  Percentiles latencies() {
    return latencies;
  }

  /**
   * By second of the scheduled send since the first one (0, 1, ...): answered, and the p50, p99 and
   * maximum latency in milliseconds.
   */
  List<Map<String, Object>> bySecond() {
    List<Map<String, Object>> out = new ArrayList<>();
    bySecond.forEach(
        (second, p) -> {
          Map<String, Object> m = new LinkedHashMap<>();
          m.put("second", second);
          m.put("answered", p.size());
          m.put("p50Ms", Units.ms(p.percentile(50)));
          m.put("p99Ms", Units.ms(p.percentile(99)));
          m.put("maxMs", Units.ms(p.max()));
          out.add(m);
        });
    return out;
  }

  /** Sent, answered, missing, and the latency percentiles in milliseconds. */
  Map<String, Object> summary() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("sent", sent());
    m.put("answered", answeredCount());
    m.put("missing", missing());
    m.put("p50Ms", Units.ms(latencies.percentile(50)));
    m.put("p90Ms", Units.ms(latencies.percentile(90)));
    m.put("p99Ms", Units.ms(latencies.percentile(99)));
    m.put("maxMs", Units.ms(latencies.max()));
    return m;
  }
}
