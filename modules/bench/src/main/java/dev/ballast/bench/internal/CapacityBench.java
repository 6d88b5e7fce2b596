package dev.ballast.bench.internal;

import dev.ballast.client.BallastClient;
import dev.ballast.pipeline.BallastConfig;
import dev.ballast.pipeline.ConfigKeys;
import dev.ballast.pipeline.Pipeline;
import dev.ballast.simulator.RegionConfig;
import dev.ballast.simulator.Scenario;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Sustained throughput end to end against a zero-latency simulator: a closed loop keeps a large
 * backlog (up to {@link #BACKLOG} requests submitted but not answered) so the pipeline is never
 * idle; capacity is results read per second over a steady window after a warm-up. Afterwards every
 * request must complete.
 */
public final class CapacityBench implements BenchScenario {

  /** Requests submitted and not yet answered, at most. */
  static final int BACKLOG = 20_000;

  private final String name;
  private final int backlog;

  /** The capacity scenario. */
  public CapacityBench() {
    this("capacity", BACKLOG);
  }

  private CapacityBench(String name, int backlog) {
    this.name = name;
    this.backlog = backlog;
  }

  /**
   * The same load, shorter and with a smaller backlog, to warm the JVM up before any scenario is
   * measured: on few cores the JIT otherwise compiles the pipeline's code during the first scenario
   * that runs it, and a figure would depend on which scenarios ran before it.
   */
  public static CapacityBench jvmWarmup() {
    return new CapacityBench("jvm-warmup", 5_000);
  }

  static final int STREAM_THREADS = 2;
  static final int MAX_IN_FLIGHT = 1024;
  static final String COMMIT_INTERVAL = "100ms";

  @Override
  public String name() {
    return name;
  }

  @Override
  public Outcome run(BenchOptions o, PrintStream out) {
    try (Harness h = Harness.start(Scenario.of(RegionConfig.named("us-east-1")), o.overrides())) {
      BallastConfig config =
          h.build(
              h.config(name())
                  .put(ConfigKeys.TOPIC_PARTITIONS, o.capacityPartitions())
                  .put(ConfigKeys.STREAM_THREADS, STREAM_THREADS)
                  .put(ConfigKeys.MAX_IN_FLIGHT, MAX_IN_FLIGHT)
                  .put(ConfigKeys.COMMIT_INTERVAL, COMMIT_INTERVAL));
      Pipeline pipeline = h.pipeline(config);
      BallastClient client = h.client(config);
      BenchRequests requests = new BenchRequests(Harness.ROUTE, "cap-");
      AtomicInteger sent = new AtomicInteger();
      AtomicBoolean stop = new AtomicBoolean();
      Map<String, Object> details = new LinkedHashMap<>();
      double capacity;
      try (ResultTracker tracker = new ResultTracker(client, null, id -> false, null).start()) {
        Thread producer =
            new Thread(
                () -> {
                  while (!stop.get()) {
                    if (sent.get() - tracker.completed() >= backlog) {
                      LockSupport.parkNanos(1_000_000);
                      continue;
                    }
                    int n = sent.getAndIncrement();
                    client.submit(requests.request(n, Instant.now()));
                  }
                  client.flush();
                },
                "bench-capacity-producer");
        producer.setDaemon(true);
        producer.start();

        out.printf(
            "  closed loop, backlog up to %,d; warm-up %d s, then %d s measured...%n",
            backlog, o.warmupSeconds(), o.capacitySeconds());
        Waits.sleep(o.warmupSeconds() * 1000L);
        List<Integer> perSecond = new ArrayList<>();
        int startCount = tracker.completed();
        CpuMeter cpu = new CpuMeter().start();
        long start = System.nanoTime();
        int last = startCount;
        for (int s = 1; s <= o.capacitySeconds(); s++) {
          long due = start + s * 1_000_000_000L;
          Waits.sleep(Math.max(0, (due - System.nanoTime()) / 1_000_000));
          int now = tracker.completed();
          perSecond.add(now - last);
          last = now;
          if (s % 5 == 0 || s == o.capacitySeconds()) {
            out.printf(
                "  %3d s: %,d results/s (in flight %d, backlog %,d)%n",
                s, perSecond.get(perSecond.size() - 1), pipeline.inFlight(), sent.get() - now);
          }
        }
        int endCount = tracker.completed();
        double seconds = (System.nanoTime() - start) / 1e9;
        capacity = (endCount - startCount) / seconds;
        double cpuShare = cpu.share();
        double jitShare = cpu.jitShare();
        stop.set(true);
        join(producer);
        int total = sent.get();
        out.printf(
            "  capacity %.0f req/s, CPU busy %.0f%% (JIT %.0f%%); waiting for the last %,d"
                + " results...%n",
            capacity, cpuShare * 100, jitShare * 100, total - tracker.completed());
        Waits.until(Duration.ofSeconds(120), () -> tracker.completed() >= total);
        details.put(
            "method",
            "closed loop with up to "
                + backlog
                + " requests outstanding; capacity = results read (read_committed) per second"
                + " over the measured window, after the warm-up");
        details.put("settings", Harness.settings(config, OverheadBench.settingKeys()));
        details.put("simulatorLatencyMs", 0);
        details.put("measuredSeconds", Units.round(seconds, 2));
        details.put("resultsInWindow", endCount - startCount);
        details.put("cpuShare", cpuShare);
        details.put("jitShare", jitShare);
        details.put("resultsPerSecond", perSecond);
        details.put("sent", total);
        details.put("completed", tracker.completed());
        details.put("lost", total - tracker.completed());
        details.put("duplicates", tracker.duplicates());
        details.put("statuses", tracker.statuses());
        details.put("pipelineMetrics", pipeline.metrics().snapshot());
      }
      Map<String, Object> headline = new LinkedHashMap<>();
      headline.put("capacityRpsOneJvm", Units.round(capacity, 0));
      return new Outcome(headline, details);
    }
  }

  private static void join(Thread t) {
    try {
      t.join(30_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
