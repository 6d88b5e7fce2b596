package dev.ballast.simulator.internal;

import dev.ballast.simulator.CallCounts;
import dev.ballast.simulator.SimulatorStats;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/** Counts calls per region, per endpoint (region and model) and per request id. Thread-safe. */
final class StatsRecorder {

  private final ConcurrentHashMap<String, RegionCounters> regions = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, ConcurrentHashMap<String, RegionCounters>> endpoints =
      new ConcurrentHashMap<>();
  private final RequestTracker requests = new RequestTracker();

  /** Records the arrival of a call carrying a request id; returns the calls seen for it. */
  long arrived(String requestId) {
    return requests.record(requestId);
  }

  void success(String region, String modelId, long in, long out, String stopReason, String tier) {
    counters(region).success(modelId, in, out, stopReason, tier);
    endpoint(region, modelId).success(modelId, in, out, stopReason, tier);
  }

  void error(String region, String modelId, String statsName, String tier) {
    counters(region).error(modelId, statsName, tier);
    endpoint(region, modelId).error(modelId, statsName, tier);
  }

  /**
   * A snapshot listing {@code regionOrder} first (zeros when idle), then any others; the per
   * request id counts only when {@code withRequestIds}.
   */
  SimulatorStats snapshot(List<String> regionOrder, boolean withRequestIds) {
    Map<String, CallCounts> perRegion = new LinkedHashMap<>();
    regionOrder.forEach(r -> perRegion.put(r, CallCounts.ZERO));
    regions.forEach((name, counters) -> perRegion.put(name, counters.snapshot()));
    CallCounts total = CallCounts.ZERO;
    for (CallCounts c : perRegion.values()) {
      total = RegionCounters.add(total, c);
    }
    Map<String, Map<String, CallCounts>> perEndpoint = new TreeMap<>();
    endpoints.forEach(
        (region, models) -> {
          Map<String, CallCounts> m = new TreeMap<>();
          models.forEach((model, counters) -> m.put(model, counters.snapshot()));
          perEndpoint.put(region, m);
        });
    return new SimulatorStats(
        total, perRegion, withRequestIds ? requests.snapshot() : Map.of(), perEndpoint);
  }

  int distinctRequestIds() {
    return requests.size();
  }

  void reset() {
    regions.clear();
    endpoints.clear();
    requests.reset();
  }

  private RegionCounters counters(String region) {
    return regions.computeIfAbsent(region, k -> new RegionCounters());
  }

  private RegionCounters endpoint(String region, String modelId) {
    return endpoints
        .computeIfAbsent(region, k -> new ConcurrentHashMap<>())
        .computeIfAbsent(modelId, k -> new RegionCounters());
  }
}
