package dev.ballast.bench.internal;

import dev.ballast.client.BallastClient;
import dev.ballast.modelclient.ClientOptions;
import dev.ballast.modelclient.Credentials;
import dev.ballast.modelclient.ModelClient;
import dev.ballast.modelclient.ModelClients;
import dev.ballast.pipeline.BallastConfig;
import dev.ballast.pipeline.ConfigKeys;
import dev.ballast.pipeline.Pipeline;
import dev.ballast.simulator.Distribution;
import dev.ballast.simulator.RegionConfig;
import dev.ballast.simulator.Scenario;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Latency Ballast adds: the same steady load against a simulator with a fixed latency, first
 * straight through the model client (the baseline), then through Ballast (submit to the moment a
 * {@code read_committed} consumer reads the result). Overhead at a percentile is Ballast's
 * percentile minus the baseline's.
 */
public final class OverheadBench implements BenchScenario {

  /** Settings of the pipeline: one stream thread per partition, a short commit interval. */
  static final int PARTITIONS = 2;

  static final int STREAM_THREADS = 2;
  static final String COMMIT_INTERVAL = "10ms";

  /** The longest warm-up waiting for the JIT compilers to settle ({@link #warmup}). */
  static final Duration MAX_WARMUP = Duration.ofSeconds(180);

  private double directCpu;
  private double directJit;

  @Override
  public String name() {
    return "overhead";
  }

  @Override
  public Outcome run(BenchOptions o, PrintStream out) {
    Scenario sim =
        Scenario.of(
            RegionConfig.named("us-east-1").withLatency(Distribution.fixed(o.overheadLatencyMs())));
    int warmup = o.overheadRate() * o.warmupSeconds();
    int measured = o.overheadRate() * o.overheadSeconds();
    int total = warmup + measured;
    try (Harness h = Harness.start(sim, o.overrides())) {
      Percentiles direct = new Percentiles();
      Map<String, Object> directWarmup = new LinkedHashMap<>();
      long directErrors = direct(h, o, measured, direct, directWarmup, out);
      out.printf(
          "  direct  p50 %.2f ms, p99 %.2f ms (%d calls, %d errors), CPU busy %.0f%% (JIT %.0f%%)%n",
          Units.ms(direct.percentile(50)),
          Units.ms(direct.percentile(99)),
          direct.size(),
          directErrors,
          directCpu * 100,
          directJit * 100);

      BallastConfig config =
          h.build(
              h.config(name())
                  .put(ConfigKeys.TOPIC_PARTITIONS, PARTITIONS)
                  .put(ConfigKeys.STREAM_THREADS, STREAM_THREADS)
                  .put(ConfigKeys.COMMIT_INTERVAL, COMMIT_INTERVAL));
      Percentiles ballast = new Percentiles();
      Map<String, Object> run = ballast(h, config, o, measured, ballast, out);
      out.printf(
          "  ballast p50 %.2f ms, p99 %.2f ms (%d results), CPU busy %.0f%% (JIT %.0f%%); %s%n",
          Units.ms(ballast.percentile(50)),
          Units.ms(ballast.percentile(99)),
          ballast.size(),
          (Double) run.get("ballastCpuShare") * 100,
          (Double) run.get("ballastJitShare") * 100,
          run.get("ballastBreakdown"));
      out.printf("  ballast stream threads: %s%n", run.get("streamThreads"));

      Duration commit = config.duration(ConfigKeys.COMMIT_INTERVAL);
      out.printf(
          "  floor: produce -> consume, transactional produce + offsets -> read_committed, commit"
              + " interval %d ms (counted as Kafka Streams does), %d requests at %d/s...%n",
          commit.toMillis(), total, o.overheadRate());
      ExactlyOnceFloor floors =
          new ExactlyOnceFloor(
              h.broker().bootstrapServers(), PARTITIONS, o.overheadRate(), warmup, total, commit);
      OpenLoopLog floor = floors.consumeTransformProduce("bench.overhead.floor");
      Percentiles f = floor.latencies();
      out.printf(
          "  floor   p50 %.2f ms, p99 %.2f ms (%d records, %d missing)%n",
          Units.ms(f.percentile(50)), Units.ms(f.percentile(99)), f.size(), floor.missing());
      out.printf(
          "  floor, produce only: transactional produce -> read_committed, %d records...%n", total);
      OpenLoopLog produceOnly = floors.produceOnly("bench.overhead.floor.produce");
      Percentiles fp = produceOnly.latencies();
      out.printf(
          "  floor, produce only p50 %.2f ms, p99 %.2f ms (%d records, %d missing)%n",
          Units.ms(fp.percentile(50)),
          Units.ms(fp.percentile(99)),
          fp.size(),
          produceOnly.missing());

      Map<String, Object> headline = new LinkedHashMap<>();
      long overheadP99 = ballast.percentile(99) - direct.percentile(99);
      headline.put("overheadMsP50", Units.ms(ballast.percentile(50) - direct.percentile(50)));
      headline.put("overheadMsP99", Units.ms(overheadP99));
      headline.put("floorP99Ms", Units.ms(f.percentile(99)));
      headline.put("overheadOverFloorP99Ms", Units.ms(overheadP99 - f.percentile(99)));
      Map<String, Object> details = new LinkedHashMap<>();
      details.put(
          "method",
          "open-loop load at a fixed rate; latency from each request's scheduled send time (not"
              + " the moment it was sent: no coordinated omission) to its result read by a"
              + " read_committed consumer (Ballast) or to completion of the model client's future"
              + " (direct); the first warmupSeconds of each run are not measured; a request"
              + " without a result is missing and fails the verdict");
      details.put("settings", Harness.settings(config, settingKeys()));
      details.put(
          "cpuShareNote",
          "CPU busy share: this process's CPU time / (wall time x cores) over the measured part;"
              + " JIT share: the JVM's elapsed compile time / (wall time x cores), an upper bound of"
              + " the JIT's part");
      details.put("simulatorLatencyMs", o.overheadLatencyMs());
      details.put("rate", o.overheadRate());
      details.put("direct", summary(direct, directErrors));
      details.put("directWarmup", directWarmup);
      details.put("directCpuShare", directCpu);
      details.put("directJitShare", directJit);
      details.put("ballast", summary(ballast, 0));
      details.put(
          "floorMethod",
          "the Kafka floor of a consume-transform-produce app at the same rate, partitions and"
              + " commit interval: requests sent open loop by a producer with the Ballast client's"
              + " settings (acks=all, idempotent, linger 1 ms); one loop consumes them"
              + " (read_committed, in a consumer group) and writes a record for each with a"
              + " transactional producer (acks=all, linger 0), sending the consumed offsets to the"
              + " transaction and committing once a commit interval has passed since its last"
              + " commit ended (as Kafka Streams counts commit.interval.ms); a read_committed"
              + " consumer reads the records; latency = read time minus the request's due time."
              + " overheadOverFloorP99Ms = overheadMsP99 - floorP99Ms");
      details.put("floor", floor.summary());
      details.put(
          "floorProduceOnlyMethod",
          "for reference, not a target: the transactional producer sends at the rate itself and"
              + " commits on the same schedule, nothing consumed (no request hop, no offsets in the"
              + " transaction)");
      details.put("floorProduceOnly", produceOnly.summary());
      details.put("floorCommitIntervalMs", commit.toMillis());
      details.putAll(run);
      return new Outcome(headline, details);
    }
  }

  static String[] settingKeys() {
    return new String[] {
      ConfigKeys.TOPIC_PARTITIONS,
      ConfigKeys.STREAM_THREADS,
      ConfigKeys.COMMIT_INTERVAL,
      ConfigKeys.MAX_IN_FLIGHT,
      ConfigKeys.PROCESSING_GUARANTEE
    };
  }

  private long direct(
      Harness h,
      BenchOptions o,
      int measured,
      Percentiles latencies,
      Map<String, Object> warmupOut,
      PrintStream out) {
    BenchRequests requests = new BenchRequests(Harness.ROUTE, "direct-");
    AtomicLong done = new AtomicLong();
    AtomicLong errors = new AtomicLong();
    try (ModelClients clients =
        ModelClients.create(
            ClientOptions.DEFAULTS
                .withCallTimeout(Duration.ofSeconds(30))
                .withMaxConnections(512))) {
      ModelClient client = clients.forEndpoint(h.endpoint(), Credentials.NONE);
      Pacer pacer = new Pacer(o.overheadRate());
      out.printf("  direct: %d calls at %d/s after a warm-up...%n", measured, o.overheadRate());
      JitSettle settle = warmup(o);
      CpuMeter cpu = null;
      int total = Integer.MAX_VALUE;
      for (int i = 0; i < total; i++) {
        long start = pacer.awaitNext();
        boolean measuring = cpu != null;
        client
            .converse(requests.modelRequest(i))
            .whenComplete(
                (response, error) -> {
                  if (error != null) {
                    errors.incrementAndGet();
                  }
                  if (measuring) {
                    latencies.add(System.nanoTime() - start);
                  }
                  done.incrementAndGet();
                });
        if (cpu == null && settle.done()) {
          warmupOut.putAll(warmupSummary(settle, i + 1));
          total = i + 1 + measured;
          cpu = new CpuMeter().start();
        }
      }
      directCpu = cpu.share();
      directJit = cpu.jitShare();
      long all = total;
      Waits.until(Duration.ofSeconds(30), () -> done.get() >= all);
    }
    return errors.get();
  }

  /**
   * The warm-up before a measured part: at least {@code --warmup} seconds, then until the JIT
   * compilers settle (at most 10 % of the cores' time over 10 s), for at most {@link #MAX_WARMUP};
   * a quick run warms for {@code --warmup} seconds only.
   */
  private static JitSettle warmup(BenchOptions o) {
    Duration min = Duration.ofSeconds(o.warmupSeconds());
    Duration max = o.quick() ? min : MAX_WARMUP.compareTo(min) < 0 ? min : MAX_WARMUP;
    return new JitSettle(min, max, Duration.ofSeconds(10), 0.10);
  }

  private static Map<String, Object> warmupSummary(JitSettle settle, int sent) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("seconds", settle.seconds());
    m.put("sent", sent);
    m.put("jitSettled", settle.settled());
    m.put("jitShareLastWindow", Units.round(settle.lastShare(), 3));
    return m;
  }

  private static Map<String, Object> ballast(
      Harness h,
      BallastConfig config,
      BenchOptions o,
      int measured,
      Percentiles latencies,
      PrintStream out) {
    Pipeline pipeline = h.pipeline(config);
    BallastClient client = h.client(config);
    BenchRequests requests = new BenchRequests(Harness.ROUTE, "ovh-");
    OpenLoopLog log = new OpenLoopLog();
    Map<String, Object> run = new LinkedHashMap<>();
    try (ResultTracker tracker = new ResultTracker(client, log).start()) {
      Pacer pacer = new Pacer(o.overheadRate());
      out.printf("  ballast: %d requests at %d/s after a warm-up...%n", measured, o.overheadRate());
      JitSettle settle = warmup(o);
      CpuMeter cpu = null;
      CommitTime commits = null;
      int total = Integer.MAX_VALUE;
      for (int i = 0; i < total; i++) {
        long due = pacer.awaitNext();
        if (cpu != null) {
          log.sent(requests.id(i), due);
        }
        client.submit(requests.request(i, Instant.now()));
        if (cpu == null && settle.done()) {
          run.put("ballastWarmup", warmupSummary(settle, i + 1));
          total = i + 1 + measured;
          commits = CommitTime.start(pipeline.streamsMetrics());
          cpu = new CpuMeter().start();
        }
      }
      client.flush();
      run.put("ballastCpuShare", cpu.share());
      run.put("ballastJitShare", cpu.jitShare());
      run.put("commits", commits.since(pipeline.streamsMetrics()));
      long all = total;
      boolean complete = Waits.until(Duration.ofSeconds(60), () -> tracker.completed() >= all);
      latencies.addAll(log.latencies());
      run.put("measuredMissing", log.missing());
      run.put("sent", total);
      run.put("completed", tracker.completed());
      run.put("lost", total - tracker.completed());
      run.put("duplicates", tracker.duplicates());
      run.put("statuses", tracker.statuses());
      run.put("ballastBreakdown", tracker.breakdown());
      run.put("streamThreads", StreamThreadTime.of(pipeline.streamsMetrics()));
      if (!complete) {
        out.printf("  ballast: only %d of %d results arrived%n", tracker.completed(), total);
      }
    }
    return run;
  }

  private static Map<String, Object> summary(Percentiles p, long errors) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("samples", p.size());
    m.put("errors", errors);
    m.put("p50Ms", Units.ms(p.percentile(50)));
    m.put("p90Ms", Units.ms(p.percentile(90)));
    m.put("p99Ms", Units.ms(p.percentile(99)));
    m.put("maxMs", Units.ms(p.max()));
    m.put("meanMs", Units.round(p.mean() / 1e6, 2));
    return m;
  }
}
