package dev.ballast.simulator.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ballast.simulator.CallCounts;
import dev.ballast.simulator.SimulatorStats;
import java.util.Map;
import java.util.TreeMap;

/** Renders stats for {@code GET /_sim/stats}. Stateless and thread-safe. */
final class StatsJson {

  private StatsJson() {}

  static ObjectNode render(SimulatorStats stats, int distinctRequestIds) {
    ObjectNode root = Json.object();
    root.set("total", counts(stats.total()));
    ObjectNode regions = root.putObject("regions");
    stats
        .regions()
        .forEach(
            (name, counts) -> {
              ObjectNode region = counts(counts);
              ObjectNode models = region.putObject("models");
              stats
                  .endpoints()
                  .getOrDefault(name, Map.of())
                  .forEach((model, c) -> models.set(model, counts(c)));
              regions.set(name, region);
            });
    root.put("distinctRequestIds", distinctRequestIds);
    return root;
  }

  static ObjectNode counts(CallCounts c) {
    ObjectNode n = Json.object();
    n.put("requests", c.requests());
    n.put("succeeded", c.succeeded());
    n.put("errors", c.errors());
    map(n.putObject("byErrorType"), c.byErrorType());
    map(n.putObject("byModel"), c.byModel());
    n.put("inputTokens", c.inputTokens());
    n.put("outputTokens", c.outputTokens());
    map(n.putObject("byStopReason"), c.byStopReason());
    map(n.putObject("byServiceTier"), c.byServiceTier());
    return n;
  }

  private static void map(ObjectNode target, Map<String, Long> values) {
    new TreeMap<>(values).forEach(target::put);
  }
}
