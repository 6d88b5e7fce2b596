package dev.ballast.bench.internal;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * How long and how hard each scenario runs.
 *
 * @param quick a short smoke run (figures not comparable with a full run)
 * @param warmupSeconds load before measuring starts (overhead, capacity)
 * @param overheadRate requests per second of the overhead scenario
 * @param overheadLatencyMs the simulator's fixed latency in the overhead scenario
 * @param overheadSeconds measured seconds of each overhead run (direct, then Ballast)
 * @param capacitySeconds measured seconds of the capacity scenario
 * @param capacityPartitions partitions of the capacity scenario's topics
 * @param goodputRpm the simulator's requests-per-minute quota
 * @param goodputSeconds seconds of offered load at twice the quota; also the measured window
 * @param goodputDrainSeconds how long to wait afterwards for every request to complete
 * @param memoryBacklog requests queued in the memory scenario
 * @param memoryLatencyMs the simulator's fixed latency in the memory scenario
 * @param memorySamples heap readings taken while the backlog is queued
 * @param costSeconds measured seconds of each window of the cost scenario
 * @param costWarmupSeconds seconds of load at 1,000 req/s before the cost scenario measures, so
 *     that the pipeline process's JIT has compiled most of what the load runs
 * @param pipelineJavaOpts JVM options of the cost scenario's pipeline process ({@code
 *     BALLAST_JAVA_OPTS}), empty for the launcher's defaults
 * @param profileDir where the cost scenario writes JFR profiles of extra 200 req/s and capacity
 *     runs; null for none
 * @param overrides configuration applied last to every scenario's pipeline ({@code streams.X} for
 *     Kafka settings)
 */
public record BenchOptions(
    boolean quick,
    int warmupSeconds,
    int overheadRate,
    int overheadLatencyMs,
    int overheadSeconds,
    int capacitySeconds,
    int capacityPartitions,
    int goodputRpm,
    int goodputSeconds,
    int goodputDrainSeconds,
    int memoryBacklog,
    int memoryLatencyMs,
    int memorySamples,
    int costSeconds,
    int costWarmupSeconds,
    String pipelineJavaOpts,
    Path profileDir,
    Map<String, String> overrides) {

  public BenchOptions {
    overrides = Map.copyOf(overrides);
    pipelineJavaOpts = pipelineJavaOpts == null ? "" : pipelineJavaOpts;
  }

  /** The defaults of a full run, or of a quick one. */
  public static BenchOptions defaults(boolean quick) {
    return quick
        ? new BenchOptions(
            true, 3, 200, 50, 10, 12, 4, 600, 20, 60, 100_000, 1000, 3, 8, 10, "", null, Map.of())
        : new BenchOptions(
            false, 20, 200, 50, 30, 40, 4, 600, 120, 150, 100_000, 1000, 8, 20, 60, "", null,
            Map.of());
  }

  /**
   * These options for the runner's JVM warm-up: a quick capacity run of {@code seconds} after a
   * two-second warm-up.
   */
  public BenchOptions forJvmWarmup(int seconds) {
    return new BenchOptions(
        true,
        2,
        overheadRate,
        overheadLatencyMs,
        overheadSeconds,
        seconds,
        capacityPartitions,
        goodputRpm,
        goodputSeconds,
        goodputDrainSeconds,
        memoryBacklog,
        memoryLatencyMs,
        memorySamples,
        costSeconds,
        costWarmupSeconds,
        pipelineJavaOpts,
        null,
        overrides);
  }

  /** The options by name, for the report. */
  public Map<String, Object> describe() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("quick", quick);
    m.put("warmupSeconds", warmupSeconds);
    m.put("overheadRate", overheadRate);
    m.put("overheadLatencyMs", overheadLatencyMs);
    m.put("overheadSeconds", overheadSeconds);
    m.put("capacitySeconds", capacitySeconds);
    m.put("capacityPartitions", capacityPartitions);
    m.put("goodputRpm", goodputRpm);
    m.put("goodputSeconds", goodputSeconds);
    m.put("goodputDrainSeconds", goodputDrainSeconds);
    m.put("memoryBacklog", memoryBacklog);
    m.put("memoryLatencyMs", memoryLatencyMs);
    m.put("memorySamples", memorySamples);
    m.put("costSeconds", costSeconds);
    m.put("costWarmupSeconds", costWarmupSeconds);
    if (!pipelineJavaOpts.isEmpty()) {
      m.put("pipelineJavaOpts", pipelineJavaOpts);
    }
    if (profileDir != null) {
      m.put("profileDir", profileDir.toString());
    }
    m.put("overrides", new TreeMap<>(overrides));
    return m;
  }
}
