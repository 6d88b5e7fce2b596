package dev.ballast.simulator.internal;

import dev.ballast.simulator.CallCounts;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Live call counters of one region. Thread-safe; snapshots are not atomic across counters. */
final class RegionCounters {

  private final LongAdder requests = new LongAdder();
  private final LongAdder succeeded = new LongAdder();
  private final LongAdder errors = new LongAdder();
  private final LongAdder inputTokens = new LongAdder();
  private final LongAdder outputTokens = new LongAdder();
  private final ConcurrentHashMap<String, LongAdder> byErrorType = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, LongAdder> byModel = new ConcurrentHashMap<>();

  void success(String modelId, long in, long out) {
    requests.increment();
    succeeded.increment();
    inputTokens.add(in);
    outputTokens.add(out);
    byModel.computeIfAbsent(modelId, k -> new LongAdder()).increment();
  }

  void error(String modelId, String wireName) {
    requests.increment();
    errors.increment();
    byModel.computeIfAbsent(modelId, k -> new LongAdder()).increment();
    byErrorType.computeIfAbsent(wireName, k -> new LongAdder()).increment();
  }

  CallCounts snapshot() {
    return new CallCounts(
        requests.sum(),
        succeeded.sum(),
        errors.sum(),
        sums(byErrorType),
        sums(byModel),
        inputTokens.sum(),
        outputTokens.sum());
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
        a.outputTokens() + b.outputTokens());
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
