package dev.ballast.bench.internal;

import dev.ballast.client.BallastClient;
import dev.ballast.pipeline.BallastConfig;
import dev.ballast.simulator.Distribution;
import dev.ballast.simulator.RegionConfig;
import dev.ballast.simulator.Scenario;
import dev.ballast.simulator.Simulator;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a request costs in CPU, with Ballast as users run it: the broker in a JVM of its own ({@link
 * BrokerProcess}), the pipeline started by the launcher ({@code ./ballast run}, {@link
 * PipelineProcess}) at its default settings, and the simulator and the load generator in this
 * process. Only the pipeline process's CPU time is counted. Figures: {@code startupToRunningMs},
 * {@code firstSecondsP99OverModelMs} (p99 from the scheduled send of the first {@value
 * #FIRST_SECONDS} s at {@value #FIRST_RATE} req/s after RUNNING, minus the model's latency), {@code
 * idleCpuPct}, {@code cpuMsPerRequest} and {@code cpuPctOfOneCore} at fixed rates and at capacity,
 * {@code capacityRps} and {@code capacityRpsRuns} (zero-latency model).
 */
public final class CostBench implements BenchScenario {

  /** Fixed request rates measured, requests per second. */
  static final List<Integer> RATES = List.of(50, 200, 1000);

  static final int PACED_LATENCY_MS = 50;

  /**
   * A rate is measured once the JIT compiler used less than this share of one core (percent) over a
   * settling slice: the steady state of a long-running pipeline, not its compile queue.
   */
  static final double QUIET_JIT_PCT = 2.0;

  /** Settling at a rate ends after this long even if the JIT is still busy. */
  static final int QUIET_MAX_SECONDS = 120;

  static final int CAPACITY_RUNS = 3;

  /**
   * Measured seconds of each capacity run in a full run (the target: sustained for 60 s); a
   * quick run measures its cost window.
   */
  static final int CAPACITY_SECONDS = 60;

  /** The first seconds after RUNNING are measured at this rate, requests per second. */
  static final int FIRST_RATE = 200;

  static final int FIRST_SECONDS = 15;

  /**
   * Before the measured start, the first pipeline process carries load at this rate (requests per
   * second) until the broker's and the bench process's compilers are quiet.
   */
  static final int HARNESS_WARMUP_RATE = 1000;

  /** Fresh processes measuring 200 req/s again; the figure is their and the main's median. */
  static final int REPEATS_AT_200 = 2;

  /** This JVM's CPU time (the simulator, the load generator and the result reader), ns. */
  private static long benchCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  /**
   * CPU per request in milliseconds (3 decimals) between two readings of a CPU time in nanoseconds;
   * null when either reading is unknown (negative) or there were no requests.
   */
  static Double perRequestMs(long startNanos, long endNanos, long requests) {
    if (startNanos < 0 || endNanos < 0 || requests <= 0) {
      return null;
    }
    return Units.round((endNanos - startNanos) / 1e6 / requests, 3);
  }

  /**
   * Percent of one core between two readings of a compiler CPU time in milliseconds ({@link
   * CompilerCpu}) over {@code seconds}; 100 (not quiet) when either reading is unknown (negative).
   */
  static double jitPct(long startMillis, long endMillis, int seconds) {
    if (startMillis < 0 || endMillis < 0 || seconds <= 0) {
      return 100;
    }
    return (endMillis - startMillis) * 100.0 / (seconds * 1000.0);
  }

  /**
   * Percent of one core (1 decimal) between two readings of a CPU time in nanoseconds over {@code
   * window}'s wall time; null when either reading is unknown (negative).
   */
  static Double pctOfOneCore(long startNanos, long endNanos, ProcessCpu.Window window) {
    if (startNanos < 0 || endNanos < 0 || window.wallNanos() <= 0) {
      return null;
    }
    return Units.round((endNanos - startNanos) * 100.0 / window.wallNanos(), 1);
  }

  @Override
  public boolean inProcess() {
    return false;
  }

  @Override
  public String name() {
    return "cost";
  }

  @Override
  public Outcome run(BenchOptions o, PrintStream out) throws Exception {
    Path logDir = Path.of(System.getProperty("ballast.log.dir", "logs"));
    Files.createDirectories(logDir);
    Path work = Files.createTempDirectory("ballast-bench-cost-");
    int seconds = o.costSeconds();
    int settle = Math.max(2, seconds / 4);
    Map<String, Object> headline = new LinkedHashMap<>();
    Map<String, Object> details = new LinkedHashMap<>();
    Scenario sim =
        Scenario.of(
            RegionConfig.named("us-east-1").withLatency(Distribution.fixed(PACED_LATENCY_MS)),
            RegionConfig.named("us-west-2"));
    String javaOpts = o.pipelineJavaOpts();
    PipelineProcess.build(logDir);
    try (BrokerProcess broker = BrokerProcess.start(logDir);
        Simulator simulator = Simulator.start(sim)) {
      out.printf("  broker process %d at %s%n", broker.pid(), broker.bootstrapServers());
      // A first start on fresh topics that serves load for a while, as the first run after a
      // deploy does: the launcher writes its class-data archive when this process exits, with the
      // classes the request path loads, and the broker is warm, as a long-running one is. Then the
      // measured start, also on fresh topics.
      long first;
      Path firstConfig = writeConfig(work, "a", broker, simulator, o.overrides());
      OpenLoopLog warmLog = new OpenLoopLog();
      try (PipelineProcess p =
              PipelineProcess.start(firstConfig, logDir, javaOpts, Duration.ofMinutes(2));
          BallastClient client =
              BallastClient.create(
                  broker.bootstrapServers(), BallastConfig.load(firstConfig).topics());
          // Latencies logged as in the measured start, so this process has run that code before.
          ResultTracker tracker = new ResultTracker(client, warmLog).start()) {
        first = p.startupMillis();
        CostLoad load = new CostLoad(client, tracker);
        load.paced(FIRST_RATE, FIRST_SECONDS, null, warmLog);
        load.drain();
        // The broker and this process (simulator, load generator, result reader) serve load
        // until their own compilers are quiet, so that the measured start competes with a broker
        // and a model that have run for a while, not with the compile queues of their first
        // minutes. They still recompile what the new process's producers, groups and connections
        // bring (modules/bench/results/2026-12-03/NOTES.md).
        CompilerCpu brokerJit = new CompilerCpu(broker.pid());
        CompilerCpu benchJit = new CompilerCpu(ProcessHandle.current().pid());
        double[] lastPct = new double[2];
        int harnessSeconds =
            CostLoad.settleJit(
                settle,
                () -> {
                  long broker0 = brokerJit.getAsLong();
                  long bench0 = benchJit.getAsLong();
                  load.paced(HARNESS_WARMUP_RATE, settle, null, warmLog);
                  lastPct[0] = jitPct(broker0, brokerJit.getAsLong(), settle);
                  lastPct[1] = jitPct(bench0, benchJit.getAsLong(), settle);
                  return Math.max(lastPct[0], lastPct[1]);
                });
        load.drain();
        Map<String, Object> harness = new LinkedHashMap<>();
        harness.put("rate", HARNESS_WARMUP_RATE);
        harness.put("seconds", harnessSeconds);
        harness.put("brokerJitPctOfOneCoreLastSlice", Units.round(lastPct[0], 1));
        harness.put("benchProcessJitPctOfOneCoreLastSlice", Units.round(lastPct[1], 1));
        details.put("harnessWarmup", harness);
        out.printf(
            "  broker and bench process warmed: %d s at %d req/s, compilers at %.1f%% / %.1f%% of"
                + " one core over the last %d s%n",
            harnessSeconds, HARNESS_WARMUP_RATE, lastPct[0], lastPct[1], settle);
      }
      Path config = writeConfig(work, "b", broker, simulator, o.overrides());
      BallastConfig parsed = BallastConfig.load(config);
      OpenLoopLog firstSeconds = new OpenLoopLog();
      List<Double> at200 = new ArrayList<>();
      try (PipelineProcess p =
              PipelineProcess.start(config, logDir, javaOpts, Duration.ofMinutes(2));
          BallastClient client = BallastClient.create(broker.bootstrapServers(), parsed.topics());
          ResultTracker tracker = new ResultTracker(client, firstSeconds).start()) {
        out.printf(
            "  pipeline process %d: run to RUNNING %d ms (first start %d ms)%n",
            p.pid(), p.startupMillis(), first);
        headline.put("startupToRunningMs", p.startupMillis());
        details.put("firstStartupToRunningMs", first);
        CostLoad load = new CostLoad(client, tracker);
        JfrSwitch profile = new JfrSwitch(p, o.profileDir(), out);

        // The first seconds of a fresh process, before anything warmed it: what a user sees after
        // a restart or a deploy.
        long readyToLoadMs = p.millisSinceReady();
        long brokerAtReady = broker.cpuNanos();
        long benchAtReady = benchCpuNanos();
        CompilerCpu brokerJit = new CompilerCpu(broker.pid());
        CompilerCpu benchJit = new CompilerCpu(ProcessHandle.current().pid());
        CostLoad.Phase firstPhase = load.paced(FIRST_RATE, FIRST_SECONDS, p.cpu(), firstSeconds);
        Double brokerPct = pctOfOneCore(brokerAtReady, broker.cpuNanos(), firstPhase.window());
        Double benchPct = pctOfOneCore(benchAtReady, benchCpuNanos(), firstPhase.window());
        long brokerJitMs = brokerJit.getAsLong();
        long benchJitMs = benchJit.getAsLong();
        load.drain();
        Map<String, Object> firstSummary = firstSeconds.summary();
        firstSummary.put("cpuPctOfOneCore", firstPhase.window().pctOfOneCore());
        firstSummary.put("cpuPctOfOneCoreByThreads", firstPhase.window().pctByKind());
        firstSummary.put("brokerCpuPctOfOneCore", brokerPct);
        firstSummary.put("benchProcessCpuPctOfOneCore", benchPct);
        firstSummary.put("brokerJitMs", brokerJitMs);
        firstSummary.put("benchProcessJitMs", benchJitMs);
        firstSummary.put("rate", FIRST_RATE);
        firstSummary.put("seconds", FIRST_SECONDS);
        firstSummary.put("readyToFirstSendMs", readyToLoadMs);
        firstSummary.put("bySecond", firstSeconds.bySecond());
        details.put("firstSeconds", firstSummary);
        double firstP99 = Units.ms(firstSeconds.latencies().percentile(99));
        headline.put("firstSecondsP99OverModelMs", Units.round(firstP99 - PACED_LATENCY_MS, 1));
        out.printf(
            "  first %d s at %d req/s from %d ms after RUNNING: p50 %.1f / p99 %.1f ms (model %d"
                + " ms), %.0f%% of one core %s; broker %s%% (compiling %d ms), bench process %s%%"
                + " (compiling %d ms)%n",
            FIRST_SECONDS,
            FIRST_RATE,
            readyToLoadMs,
            Units.ms(firstSeconds.latencies().percentile(50)),
            firstP99,
            PACED_LATENCY_MS,
            firstPhase.window().pctOfOneCore(),
            firstPhase.window().pctByKind(),
            brokerPct,
            brokerJitMs,
            benchPct,
            benchJitMs);

        out.printf("  warm-up: %d s at 1000 req/s (not measured)%n", o.costWarmupSeconds());
        load.paced(1000, o.costWarmupSeconds(), null);
        load.drain();

        Map<String, Object> msPerRequest = new LinkedHashMap<>();
        Map<String, Object> pctOfCore = new LinkedHashMap<>();
        Map<String, Object> rates = new LinkedHashMap<>();
        Map<String, Object> settled = new LinkedHashMap<>();
        for (int rate : RATES) {
          settled.put(
              Integer.toString(rate),
              CostLoad.settle(settle, () -> load.paced(rate, settle, p.cpu()).window()));
          CostLoad.Phase ph = load.paced(rate, seconds, p.cpu());
          msPerRequest.put(Integer.toString(rate), ph.window().msPerRequest(ph.completed()));
          pctOfCore.put(Integer.toString(rate), ph.window().pctOfOneCore());
          if (rate == 200) {
            at200.add(ph.window().pctOfOneCore());
          }
          rates.put(Integer.toString(rate), ph.describe());
          out.printf(
              "  %4d req/s: %.3f ms CPU/request, %.1f context switches/request, %.1f%% of one core"
                  + " %s%n",
              rate,
              ph.window().msPerRequest(ph.completed()),
              ph.window().switchesPerRequest(ph.completed()),
              ph.window().pctOfOneCore(),
              ph.window().pctByKind());
          if (rate == 200 && o.profileDir() != null) {
            profile.record("rate-200", () -> load.paced(rate, seconds, null));
          }
          load.drain();
        }

        load.drain();
        CostLoad.settle(
            settle,
            () -> {
              ProcessCpu quiet = p.cpu().start();
              Waits.sleep(settle * 1000L);
              return quiet.read();
            });
        ProcessCpu idleMeter = p.cpu().start();
        Waits.sleep(seconds * 1000L);
        ProcessCpu.Window idle = idleMeter.read();
        headline.put("idleCpuPct", idle.pctOfOneCore());
        msPerRequest.put("idle", null);
        pctOfCore.put("idle", idle.pctOfOneCore());
        details.put("idleCpuPctByThreads", idle.pctByKind());
        details.put("idleCpuPctByThreadName", idle.pctByName());
        out.printf("  idle: %.2f%% of one core %s%n", idle.pctOfOneCore(), idle.pctByKind());

        List<Double> runs = new ArrayList<>();
        List<Object> capacityRuns = new ArrayList<>();
        ProcessCpu.Window capacityCpu = null;
        long capacityResults = 0;
        int capacitySeconds = o.quick() ? seconds : Math.max(seconds, CAPACITY_SECONDS);
        for (int run = 1; run <= CAPACITY_RUNS; run++) {
          CostLoad.settle(settle, () -> load.closedLoop(settle, p.cpu()).window());
          long broker0 = broker.cpuNanos();
          long bench0 = benchCpuNanos();
          CostLoad.Phase ph = load.closedLoop(capacitySeconds, p.cpu());
          Double brokerMs = perRequestMs(broker0, broker.cpuNanos(), ph.completed());
          Double benchMs = perRequestMs(bench0, benchCpuNanos(), ph.completed());
          load.drain();
          runs.add(Units.round(ph.completed() / (ph.window().wallNanos() / 1e9), 0));
          Map<String, Object> described = ph.describe();
          described.put("brokerCpuMsPerRequest", brokerMs);
          described.put("benchProcessCpuMsPerRequest", benchMs);
          capacityRuns.add(described);
          if (capacityCpu == null) {
            capacityCpu = ph.window();
            capacityResults = ph.completed();
          }
          out.printf(
              "  capacity run %d: %.0f req/s, %.3f ms CPU/request (broker %.3f, bench process"
                  + " %.3f), %.1f context switches/request, %.0f%% of one core %s%n",
              run,
              runs.get(runs.size() - 1),
              ph.window().msPerRequest(ph.completed()),
              brokerMs,
              benchMs,
              ph.window().switchesPerRequest(ph.completed()),
              ph.window().pctOfOneCore(),
              ph.window().pctByKind());
          if (run == 1 && o.profileDir() != null) {
            profile.record(
                "capacity",
                () -> {
                  load.closedLoop(seconds, null);
                  load.drain();
                });
          }
        }
        msPerRequest.put("capacity", capacityCpu.msPerRequest(capacityResults));
        pctOfCore.put("capacity", capacityCpu.pctOfOneCore());
        List<Double> sorted = new ArrayList<>(runs);
        sorted.sort(Double::compare);
        headline.put("capacityRps", sorted.get(sorted.size() / 2));
        headline.put("capacityRpsRuns", runs);
        headline.put("capacitySpreadPct", ProcessCpu.spreadPct(runs));
        headline.put("cpuMsPerRequest", msPerRequest);
        headline.put("cpuPctOfOneCore", pctOfCore);

        details.put(
            "method",
            "broker in its own JVM (-Xmx512m); pipeline started by ./ballast run (launcher's JVM"
                + " options) at default settings; simulator and load generator in the bench"
                + " process. CPU = the pipeline process's user+system time (all its threads: stream"
                + " threads, SDK, JIT, GC) over each window, from /proc via ProcessHandle; per"
                + " request = that CPU / results read in the window. Startup = spawning the"
                + " launcher to /health/ready answering 200 (both Streams apps RUNNING), on fresh"
                + " topics, after a first pipeline process carried load until the broker's and"
                + " this process's compilers were quiet (harnessWarmup). Each rate, idle and"
                + " capacity run is measured after settling in slices of a quarter window until the"
                + " JIT used < "
                + QUIET_JIT_PCT
                + " % of a core over one (at most "
                + QUIET_MAX_SECONDS
                + " s; settledSeconds). Capacity: closed loop, up to "
                + CostLoad.BACKLOG
                + " outstanding, zero-latency model, "
                + capacitySeconds
                + " s a run; the figure is the median of the runs, in one pipeline process; each run"
                + " also gives the broker's and this process's (simulator, load generator, result"
                + " reader) CPU per request, which share the same cores. cpuPctOfOneCoreAt200: the"
                + " median of the main process and "
                + REPEATS_AT_200
                + " fresh ones (each warmed and settled the same way; cpuPctOfOneCoreAt200Runs).");
        details.put("settings", Harness.settings(parsed, OverheadBench.settingKeys()));
        details.put("pipelineJavaOpts", javaOpts);
        details.put("pacedLatencyMs", PACED_LATENCY_MS);
        details.put("measuredSeconds", seconds);
        details.put("capacitySeconds", capacitySeconds);
        details.put("rates", rates);
        details.put("settledSeconds", settled);
        details.put("capacityRuns", capacityRuns);
        details.put("idleCpuMs", idle.cpuMs());
        details.put("sent", load.sent());
        details.put("completed", tracker.completed());
        details.put("lost", load.sent() - tracker.completed());
        details.put("duplicates", tracker.duplicates());
        details.put("statuses", tracker.statuses());
      }
      for (int i = 1; i <= REPEATS_AT_200; i++) {
        Path repeat = writeConfig(work, "r" + i, broker, simulator, o.overrides());
        at200.add(
            CostRepeat.at200(
                repeat, broker, logDir, javaOpts, o.costWarmupSeconds(), seconds, out));
      }
      List<Double> sorted200 = new ArrayList<>(at200);
      sorted200.sort(Double::compare);
      headline.put("cpuPctOfOneCoreAt200", sorted200.get(sorted200.size() / 2));
      headline.put("cpuPctOfOneCoreAt200Runs", at200);
    } finally {
      TempDirs.delete(work);
    }
    return new Outcome(headline, details);
  }

  private static Path writeConfig(
      Path dir, String suffix, BrokerProcess broker, Simulator sim, Map<String, String> overrides)
      throws IOException {
    return new ConfigFile(
            broker.bootstrapServers(),
            "bench-cost-" + suffix,
            "bench.cost." + suffix + ".",
            dir.resolve("state-" + suffix))
        .route(CostLoad.PACED)
        .endpoint("us-east-1", sim.uri("us-east-1").toString(), Map.of())
        .route(CostLoad.ZERO)
        .endpoint("us-west-2", sim.uri("us-west-2").toString(), Map.of())
        .overrides(overrides)
        .write(dir.resolve("ballast-" + suffix + ".yaml"));
  }
}
