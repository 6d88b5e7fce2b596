package dev.ballast.simulator;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An immutable snapshot of what a simulator has served since start or the last {@link
 * Simulator#resetStats()}.
 *
 * <p>Immutable and thread-safe.
 *
 * @param total counts over all regions
 * @param regions counts per region, in scenario order
 * @param callsByRequestId HTTP model calls received per Ballast request id
 * @param endpoints counts per region, then per model id as sent: what each endpoint was sent
 */
public record SimulatorStats(
    CallCounts total,
    Map<String, CallCounts> regions,
    Map<String, Long> callsByRequestId,
    Map<String, Map<String, CallCounts>> endpoints) {

  public SimulatorStats {
    regions = Collections.unmodifiableMap(new LinkedHashMap<>(regions));
    callsByRequestId = Map.copyOf(callsByRequestId);
    Map<String, Map<String, CallCounts>> copy = new LinkedHashMap<>();
    endpoints.forEach((r, m) -> copy.put(r, Map.copyOf(m)));
    endpoints = Collections.unmodifiableMap(copy);
  }

  /**
   * Counts of one endpoint: calls received by {@code region} for {@code modelId} (as sent, e.g.
   * with its geo prefix); {@link CallCounts#ZERO} when it received none.
   */
  public CallCounts endpoint(String region, String modelId) {
    return endpoints.getOrDefault(region, Map.of()).getOrDefault(modelId, CallCounts.ZERO);
  }

  /**
   * Counts of one region.
   *
   * @throws IllegalArgumentException naming the region and the known ones
   */
  public CallCounts region(String name) {
    CallCounts counts = regions.get(name);
    if (counts == null) {
      throw new IllegalArgumentException(
          "unknown region '" + name + "' (known: " + List.copyOf(regions.keySet()) + ")");
    }
    return counts;
  }

  /**
   * How many HTTP model calls the simulator received carrying this Ballast request id, over all
   * regions; 0 when none.
   */
  public long callsFor(String requestId) {
    return callsByRequestId.getOrDefault(requestId, 0L);
  }

  /** Input tokens of successful calls, all regions. */
  public long inputTokens() {
    return total.inputTokens();
  }

  /** Output tokens of successful calls, all regions. */
  public long outputTokens() {
    return total.outputTokens();
  }

  @Override
  public String toString() {
    return "SimulatorStats[total="
        + total
        + ", regions="
        + regions
        + ", requestIds="
        + callsByRequestId.size()
        + "]";
  }
}
