package dev.ballast.bench.internal;

import dev.ballast.client.BallastClient;
import dev.ballast.pipeline.BallastConfig;
import dev.ballast.pipeline.ConfigKeys;
import dev.ballast.pipeline.Pipeline;
import dev.ballast.simulator.Distribution;
import dev.ballast.simulator.RegionConfig;
import dev.ballast.simulator.Scenario;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Heap with a backlog: {@code memoryBacklog} requests produced as fast as the client can against a
 * slow simulator, with the pipeline running; while they are queued, the heap is read several times
 * after a full GC. The figure is the largest reading of this whole JVM (broker, simulator and
 * pipeline together, so an upper bound for the pipeline); the reading taken before the pipeline
 * started is reported too, so the pipeline's share is the difference.
 */
public final class MemoryBench implements BenchScenario {

  static final int PARTITIONS = 4;
  static final int STREAM_THREADS = 2;
  static final long SAMPLE_INTERVAL_MS = 2_000;

  @Override
  public String name() {
    return "memory";
  }

  @Override
  public Outcome run(BenchOptions o, PrintStream out) {
    Scenario sim =
        Scenario.of(
            RegionConfig.named("us-east-1").withLatency(Distribution.fixed(o.memoryLatencyMs())));
    try (Harness h = Harness.start(sim, o.overrides())) {
      BallastConfig config =
          h.build(
              h.config(name())
                  .put(ConfigKeys.TOPIC_PARTITIONS, PARTITIONS)
                  .put(ConfigKeys.STREAM_THREADS, STREAM_THREADS));
      long baseline = Heap.usedAfterGc();
      out.printf("  heap before the pipeline (broker + simulator): %.1f MB%n", Units.mb(baseline));
      Pipeline pipeline = h.pipeline(config);
      BallastClient client = h.client(config);
      BenchRequests requests = new BenchRequests(Harness.ROUTE, "mem-");
      long t0 = System.nanoTime();
      for (int i = 0; i < o.memoryBacklog(); i++) {
        client.submit(requests.request(i, Instant.now()));
      }
      client.flush();
      // The producer keeps its buffer pool; the backlog is the pipeline's, not the client's.
      h.closeEarly(client);
      out.printf(
          "  %,d requests produced in %.1f s; sampling the heap %d times...%n",
          o.memoryBacklog(), (System.nanoTime() - t0) / 1e9, o.memorySamples());
      List<Map<String, Object>> samples = new ArrayList<>();
      long max = 0;
      long minBacklog = Long.MAX_VALUE;
      for (int s = 0; s < o.memorySamples(); s++) {
        Waits.sleep(SAMPLE_INTERVAL_MS);
        long used = Heap.usedAfterGc();
        long backlog = o.memoryBacklog() - answered(pipeline);
        max = Math.max(max, used);
        minBacklog = Math.min(minBacklog, backlog);
        Map<String, Object> sample = new LinkedHashMap<>();
        sample.put("heapMb", Units.mb(used));
        sample.put("queued", backlog);
        sample.put("inFlight", pipeline.inFlight());
        samples.add(sample);
        out.printf(
            "  heap after GC %.1f MB with %,d queued (%d in flight)%n",
            Units.mb(used), backlog, pipeline.inFlight());
      }
      // Then every request must be answered exactly once: the simulator answers at once now.
      h.simulator().setScenario(Scenario.of(RegionConfig.named("us-east-1")));
      long completed;
      long duplicates;
      try (ResultTracker tracker =
          new ResultTracker(h.client(config), null, id -> false, null).start()) {
        out.printf("  draining the backlog (simulator at 0 ms) to check every result...%n");
        Waits.until(Duration.ofSeconds(300), () -> tracker.completed() >= o.memoryBacklog());
        completed = tracker.completed();
        duplicates = tracker.duplicates();
      }
      Map<String, Object> headline = new LinkedHashMap<>();
      headline.put("heapMbWithBacklog", Units.mb(max));
      Map<String, Object> details = new LinkedHashMap<>();
      details.put(
          "method",
          "System.gc() (a full, stop-the-world collection on G1) then MemoryMXBean heap used, every "
              + SAMPLE_INTERVAL_MS
              + " ms while the backlog is queued; the figure is the largest reading of the whole"
              + " JVM, broker and simulator included");
      details.put("settings", Harness.settings(config, OverheadBench.settingKeys()));
      details.put("simulatorLatencyMs", o.memoryLatencyMs());
      details.put("backlog", o.memoryBacklog());
      details.put("minQueuedWhileSampling", minBacklog);
      details.put("heapMbBeforePipeline", Units.mb(baseline));
      details.put("heapMbPipelineShare", Units.mb(max - baseline));
      details.put("maxHeapMb", Units.mb(Runtime.getRuntime().maxMemory()));
      details.put("samples", samples);
      details.put("pipelineMetrics", pipeline.metrics().snapshot());
      details.put("completed", completed);
      details.put("lost", o.memoryBacklog() - completed);
      details.put("duplicates", duplicates);
      return new Outcome(headline, details);
    }
  }

  /** Requests the pipeline has answered (succeeded, degraded or failed). */
  private static long answered(Pipeline pipeline) {
    Map<String, Long> m = pipeline.metrics().snapshot();
    return m.getOrDefault("succeeded", 0L)
        + m.getOrDefault("degraded", 0L)
        + m.getOrDefault("failed", 0L);
  }
}
