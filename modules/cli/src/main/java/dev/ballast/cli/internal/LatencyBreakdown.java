package dev.ballast.cli.internal;

import dev.ballast.schemas.Attempt;
import dev.ballast.schemas.InferenceResult;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where each request's time went, from the client's send to its receipt of the result: the model's
 * own time (every call's latency) and what Ballast added around it. Per request, in ms:
 *
 * <ol>
 *   <li>{@code beforeCall}: send until the first call started (produce, poll, in-flight window,
 *       admission, dispatch);
 *   <li>{@code model}: the calls' own latencies, summed;
 *   <li>{@code between}: the rest until the result was written (retry backoff, parking in delay
 *       topics, hand-off to the fallback stage, draining);
 *   <li>{@code delivery}: result written until the client read it (the exactly-once commit, poll).
 * </ol>
 *
 * Not thread-safe; built once after a run.
 */
public final class LatencyBreakdown {

  /** The parts, in order, with their labels. */
  public static final Map<String, String> PARTS = new LinkedHashMap<>();

  static {
    PARTS.put("beforeCall", "to the first call (produce, poll, window, admission)");
    PARTS.put("model", "model's own latency");
    PARTS.put("between", "between calls (backoff, parking, fallback)");
    PARTS.put("delivery", "commit and delivery");
  }

  private final Map<String, Percentiles> parts = new LinkedHashMap<>();
  private final Percentiles total = new Percentiles();
  private final Percentiles added = new Percentiles();

  private LatencyBreakdown() {
    PARTS.keySet().forEach(k -> parts.put(k, new Percentiles()));
  }

  /** The breakdown of every result whose send and receipt the timeline knows. */
  public static LatencyBreakdown of(Collection<InferenceResult> results, DemoTimeline timeline) {
    LatencyBreakdown b = new LatencyBreakdown();
    for (InferenceResult r : results) {
      Long sent = timeline.sentAt(r.getId());
      Long received = timeline.receivedAt(r.getId());
      if (sent == null || received == null || r.getCompletedAt() == null) {
        continue;
      }
      long completed = r.getCompletedAt().toEpochMilli();
      long model = 0;
      long firstCall = completed;
      for (Attempt a : r.getAttempts()) {
        model += a.getLatencyMs();
        if (a.getStartedAt() != null) {
          firstCall = Math.min(firstCall, a.getStartedAt().toEpochMilli());
        }
      }
      long all = Math.max(0, received - sent);
      b.parts.get("beforeCall").add(Math.max(0, firstCall - sent));
      b.parts.get("model").add(model);
      b.parts.get("between").add(Math.max(0, completed - Math.min(firstCall, completed) - model));
      b.parts.get("delivery").add(Math.max(0, received - completed));
      b.total.add(all);
      b.added.add(Math.max(0, all - model));
    }
    return b;
  }

  /** Requests measured. */
  public int size() {
    return total.size();
  }

  /** The {@code p}-th percentile of part {@code key} (one of {@link #PARTS}), ms. */
  public long part(String key, double p) {
    return parts.get(key).percentile(p);
  }

  /** The {@code p}-th percentile of the client's end-to-end latency, ms. */
  public long total(double p) {
    return total.percentile(p);
  }

  /** The {@code p}-th percentile of end-to-end minus the model's own time, ms. */
  public long added(double p) {
    return added.percentile(p);
  }

  /** Adds the model's time and what Ballast added (p50, p99) to the summary. */
  public void addTo(DemoSummary summary) {
    summary.add("modelMsP50", "model's own latency p50 (ms)", part("model", 50));
    summary.add("modelMsP99", "model's own latency p99 (ms)", part("model", 99));
    summary.add("ballastAddedMsP50", "Ballast added p50 (ms)", added(50));
    summary.add("ballastAddedMsP99", "Ballast added p99 (ms)", added(99));
    summary.add("beforeCallMsP50", "  to the first call p50 (ms)", part("beforeCall", 50));
    summary.add("deliveryMsP50", "  commit+delivery p50 (ms)", part("delivery", 50));
  }
}
