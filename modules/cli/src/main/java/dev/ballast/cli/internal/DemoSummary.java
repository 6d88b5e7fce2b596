package dev.ballast.cli.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ballast.client.JsonCodec;
import dev.ballast.schemas.Degradation;
import dev.ballast.schemas.InferenceResult;
import dev.ballast.schemas.Outcome;
import dev.ballast.schemas.Status;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;

/** The figures of a demo run, as a table for people and as JSON for programs. */
public final class DemoSummary {

  private final Map<String, Object> figures = new LinkedHashMap<>();
  private final Map<String, String> labels = new LinkedHashMap<>();

  /**
   * Computes the summary.
   *
   * @param requests requests sent
   * @param results the first result of each id
   * @param duplicates results beyond the first per id
   * @param latencies client-side submit-to-result latencies
   */
  public static DemoSummary of(
      int requests,
      Collection<InferenceResult> results,
      long duplicates,
      long dlq,
      long modelCalls,
      Percentiles latencies,
      long durationMs) {
    DemoSummary s = new DemoSummary();
    long succeeded = count(results, r -> r.getStatus() == Status.SUCCEEDED);
    long degraded = count(results, r -> r.getStatus() == Status.DEGRADED);
    long failed = count(results, r -> r.getStatus() == Status.FAILED);
    s.put("requests", "requests", requests);
    s.put("results", "results", results.size());
    s.put("succeeded", "succeeded", succeeded);
    s.put("degraded", "degraded", degraded);
    s.put("failed", "failed", failed);
    s.put("lost", "lost (no result)", requests - results.size());
    s.put("duplicates", "duplicate results", duplicates);
    s.put("dlq", "dead letters", dlq);
    s.put("modelCalls", "model calls", modelCalls);
    s.put(
        "delayed",
        "parked in delay topics",
        count(
            results,
            r -> r.getAttempts().stream().anyMatch(a -> a.getOutcome() == Outcome.THROTTLED)));
    s.put(
        "fallbackServed",
        "served by a fallback",
        count(
            results,
            r ->
                r.getStatus() != Status.FAILED
                    && r.getDegradations().contains(Degradation.FALLBACK_MODEL)));
    s.put(
        "cacheServed",
        "served from cache",
        count(results, r -> r.getDegradations().contains(Degradation.CACHED)));
    s.put(
        "truncated",
        "truncated",
        count(results, r -> r.getDegradations().contains(Degradation.TRUNCATED)));
    s.put(
        "summarized",
        "summarized",
        count(results, r -> r.getDegradations().contains(Degradation.SUMMARIZED)));
    s.put(
        "reasked",
        "re-asked",
        count(results, r -> r.getDegradations().contains(Degradation.REASKED)));
    s.put(
        "invalidOutputFailed",
        "invalid output, failed",
        count(
            results,
            r ->
                r.getStatus() == Status.FAILED
                    && r.getError() != null
                    && "INVALID_OUTPUT".equals(r.getError().getCode())));
    s.put("latencyMsP50", "latency p50 (ms)", latencies.percentile(50));
    s.put("latencyMsP99", "latency p99 (ms)", latencies.percentile(99));
    s.put("durationMs", "duration (ms)", durationMs);
    return s;
  }

  private static long count(Collection<InferenceResult> results, Predicate<InferenceResult> p) {
    return results.stream().filter(p).count();
  }

  private void put(String key, String label, Object value) {
    figures.put(key, value);
    labels.put(key, label);
  }

  /** A figure by its JSON key. */
  public long get(String key) {
    return ((Number) figures.get(key)).longValue();
  }

  /** Adds a figure to the end. */
  public void add(String key, String label, Object value) {
    put(key, label, value);
  }

  /**
   * Prints the breaker changes ({@code t0}: the time axis' zero, wall clock ms) and adds when the
   * breaker first opened and last closed, and how many results each region served.
   */
  static void addBreakers(
      PrintWriter out,
      long t0,
      java.util.List<dev.ballast.pipeline.BreakerEvent> events,
      DemoSummary summary,
      java.util.List<String> regions,
      Map<String, Long> servedByRegion) {
    if (events.isEmpty()) {
      return;
    }
    out.println();
    out.println("Circuit breakers (time since the simulator started):");
    for (dev.ballast.pipeline.BreakerEvent e : events) {
      out.printf(
          "  +%6.1f s  %-58s %s -> %s%n", (e.atMs() - t0) / 1000.0, e.endpoint(), e.from(), e.to());
    }
    events.stream()
        .filter(e -> e.to() == dev.ballast.modelclient.BreakerListener.State.OPEN)
        .findFirst()
        .ifPresent(
            e -> summary.add("breakerOpenedAtMs", "breaker first opened at (ms)", e.atMs() - t0));
    events.stream()
        .filter(e -> e.to() == dev.ballast.modelclient.BreakerListener.State.CLOSED)
        .reduce((a, b) -> b)
        .ifPresent(
            e -> summary.add("breakerClosedAtMs", "breaker last closed at (ms)", e.atMs() - t0));
    for (String region : regions) {
      summary.add(
          "servedBy." + region, "served by " + region, servedByRegion.getOrDefault(region, 0L));
    }
  }

  /** Every figure by its label, in order. */
  public Map<String, Object> rows() {
    Map<String, Object> rows = new LinkedHashMap<>();
    figures.forEach((k, v) -> rows.put(labels.get(k), v));
    return rows;
  }

  public void printTable(PrintWriter out) {
    out.println();
    out.println("Ballast demo summary");
    figures.forEach((k, v) -> out.printf("  %-26s %10s%n", labels.get(k), v));
    out.flush();
  }

  public void writeJson(Path file) throws IOException {
    ObjectNode o = JsonCodec.MAPPER.createObjectNode();
    figures.forEach(
        (k, v) -> {
          if (v instanceof Number n && !(v instanceof Double)) {
            o.put(k, n.longValue());
          } else if (v instanceof Double d) {
            o.put(k, d);
          } else {
            o.put(k, String.valueOf(v));
          }
        });
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    JsonCodec.MAPPER.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), o);
  }
}
