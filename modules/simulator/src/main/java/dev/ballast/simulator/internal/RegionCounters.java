package dev.ballast.simulator.internal;

import dev.ballast.simulator.CallCounts;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Live call counters of one region or one endpoint (region and model). Thread-safe; snapshots are
 * not atomic across counters.
 */
final class RegionCounters {

  private final LongAdder requests = new LongAdder();
  private final LongAdder succeeded = new LongAdder();
  private final LongAdder errors = new LongAdder();
  private final LongAdder inputTokens = new LongAdder();
  private final LongAdder outputTokens = new LongAdder();
  private final ConcurrentHashMap<String, LongAdder> byErrorType = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, LongAdder> byModel = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, LongAdder> byStopReason = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, LongAdder> byServiceTier = new ConcurrentHashMap<>();

  void success(String modelId, long in, long out, String stopReason, String tier) {
    requests.increment();
    succeeded.increment();
    inputTokens.add(in);
    outputTokens.add(out);
    count(byModel, modelId);
    count(byStopReason, stopReason);
    count(byServiceTier, tier);
  }

  void error(String modelId, String statsName, String tier) {
    requests.increment();
    errors.increment();
    count(byModel, modelId);
    count(byErrorType, statsName);
    count(byServiceTier, tier);
  }

  private static void count(ConcurrentHashMap<String, LongAdder> map, String key) {
    if (key != null) {
      map.computeIfAbsent(key, k -> new LongAdder()).increment();
    }
  }

  CallCounts snapshot() {
    return new CallCounts(
        requests.sum(),
        succeeded.sum(),
        errors.sum(),
        sums(byErrorType),
        sums(byModel),
        inputTokens.sum(),
        outputTokens.sum(),
        sums(byStopReason),
        sums(byServiceTier));
  }

  /** The sum of several regions' counts. */
  static CallCounts add(CallCounts a, CallCounts b) {
    return new CallCounts(
        a.requests() + b.requests(),
        a.succeeded() + b.succeeded(),
        a.errors() + b.errors(),
        merge(a.byErrorType(), b.byErrorType()),
        merge(a.byModel(), b.byModel()),
        a.inputTokens() + b.inputTokens(),
        a.outputTokens() + b.outputTokens(),
        merge(a.byStopReason(), b.byStopReason()),
        merge(a.byServiceTier(), b.byServiceTier()));
  }

  private static Map<String, Long> sums(Map<String, LongAdder> adders) {
    Map<String, Long> out = new HashMap<>();
    adders.forEach((k, v) -> out.put(k, v.sum()));
    return out;
  }

  private static Map<String, Long> merge(Map<String, Long> a, Map<String, Long> b) {
    Map<String, Long> out = new HashMap<>(a);
    b.forEach((k, v) -> out.merge(k, v, Long::sum));
    return out;
  }
}
