package dev.ballast.bench.internal;

import dev.ballast.pipeline.BallastConfig;
import dev.ballast.pipeline.ConfigKeys;
import dev.ballast.pipeline.Pipeline;
import dev.ballast.simulator.Distribution;
import dev.ballast.simulator.RegionConfig;
import dev.ballast.simulator.Scenario;
import dev.ballast.simulator.SimulatorStats;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Backfill resumption and memory (issue 10): {@code ./ballast backfill} processes against a
 * pipeline, broker and simulator in this process.
 *
 * <ol>
 *   <li>Resume: a {@code lines}-line Bedrock batch file; the backfill process is killed with
 *       SIGKILL after each {@code 1/(kills+1)} of the lines is answered, and started again with the
 *       same job id until it finishes. Checked: exit 0, exactly one output line per input line,
 *       every one answered; repeated model calls (the simulator's calls per request id beyond the
 *       first) at most {@code window} per kill.
 *   <li>Memory: a {@code bigLines}-line file in one run with {@code -Xmx<heapMb>m}; the peak heap
 *       in use, from the process's GC log.
 * </ol>
 *
 * Figures: {@code backfillLinesPerSecond} (the resume run, kills and restarts included), {@code
 * backfillRepeatedCalls}, {@code backfillBigLinesPerSecond}, {@code backfillPeakHeapMb}.
 */
public final class BackfillBench implements BenchScenario {

  /**
   * What to run.
   *
   * @param script the {@code ballast} script, built ({@code ./ballast --help} builds it)
   * @param lines lines of the resumed job
   * @param kills SIGKILLs of the resumed job
   * @param bigLines lines of the memory run; 0 skips it
   * @param latencyMs the simulator's fixed model latency
   * @param window the backfill's {@code --window}
   * @param heapMb the backfill process's maximum heap
   */
  public record Settings(
      Path script, int lines, int kills, int bigLines, int latencyMs, int window, int heapMb) {}

  private static final Duration RUN_BOUND = Duration.ofMinutes(60);

  private final Settings s;

  public BackfillBench(Settings settings) {
    this.s = settings;
  }

  @Override
  public String name() {
    return "backfill";
  }

  @Override
  public Outcome run(BenchOptions o, PrintStream out) throws Exception {
    if (!Files.isExecutable(s.script())
        || !Files.isRegularFile(
            s.script().resolveSibling("modules/cli/target/ballast-cli.jar").normalize())) {
      throw new IllegalStateException(
          s.script() + " or its built command line is missing: run ./ballast --help once first");
    }
    Scenario sim =
        Scenario.of(RegionConfig.named("us-east-1").withLatency(Distribution.fixed(s.latencyMs())));
    Path dir = Files.createTempDirectory("ballast-bench-backfill-");
    try (Harness h = Harness.start(sim, o.overrides())) {
      BallastConfig config =
          h.build(
              h.config(name())
                  .put(ConfigKeys.TOPIC_PARTITIONS, 4)
                  .put(ConfigKeys.BATCH_THREADS, 2));
      Pipeline pipeline = h.pipeline(config);
      List<String> kafka =
          List.of(
              "--bootstrap-servers",
              h.broker().bootstrapServers(),
              "--topic-prefix",
              config.topics().prefix());
      Map<String, Object> headline = new LinkedHashMap<>();
      Map<String, Object> details = new LinkedHashMap<>();
      details.put("simulatorLatencyMs", s.latencyMs());
      details.put("window", s.window());
      details.put("backfillHeapMb", s.heapMb());
      details.put("settings", Harness.settings(config, ConfigKeys.BATCH_THREADS));
      details.put("resume", resume(h, pipeline, kafka, dir, headline, out));
      if (s.bigLines() > 0) {
        details.put("memory", memory(h, kafka, dir, headline, out));
      }
      return new Outcome(headline, details);
    } finally {
      TempDirs.delete(dir);
    }
  }

  private Map<String, Object> resume(
      Harness h,
      Pipeline pipeline,
      List<String> kafka,
      Path dir,
      Map<String, Object> headline,
      PrintStream out)
      throws Exception {
    String job = "bench-resume";
    Path input = BatchFiles.write(dir.resolve("resume.jsonl"), s.lines());
    Path output = Files.createDirectories(dir.resolve("resume-out"));
    List<String> args = args(input, output, job, kafka);
    List<Map<String, Object>> runs = new ArrayList<>();
    List<Long> repeatedAtKill = new ArrayList<>();
    double seconds = 0;
    long answered0 = answered(pipeline);
    for (int k = 1; k <= s.kills(); k++) {
      BackfillProcess p =
          BackfillProcess.start(s.script(), args, s.heapMb(), dir.resolve("resume-" + k + ".log"));
      long target = answered0 + (long) s.lines() * k / (s.kills() + 1);
      while (answered(pipeline) < target && p.alive()) {
        Waits.sleep(50);
      }
      if (!p.alive()) {
        throw new IllegalStateException("backfill ended before kill " + k + ": " + p.tail());
      }
      p.kill();
      seconds += p.seconds();
      long atKill = answered(pipeline) - answered0;
      repeatedAtKill.add(repeated(h.simulator().stats(), job));
      runs.add(Map.of("run", k, "seconds", Units.round(p.seconds(), 1), "answeredAtKill", atKill));
      out.printf("  run %d killed (SIGKILL) at %,d answered lines%n", k, atKill);
    }
    BackfillProcess last =
        BackfillProcess.start(s.script(), args, s.heapMb(), dir.resolve("resume-last.log"));
    int exit = last.await(RUN_BOUND);
    seconds += last.seconds();
    runs.add(Map.of("run", s.kills() + 1, "seconds", Units.round(last.seconds(), 1), "exit", exit));
    BatchFiles.Check check = BatchFiles.check(output.resolve("resume.jsonl.out"), s.lines());
    SimulatorStats stats = h.simulator().stats();
    long repeated = repeated(stats, job);
    long called = stats.callsByRequestId().keySet().stream().filter(id -> mine(id, job)).count();
    double rate = Units.round(s.lines() / seconds, 1);
    out.printf(
        "  resumed: exit %d, %s; %,d repeated model calls (bound %,d); %.0f lines/s%n",
        exit, check, repeated, (long) s.window() * s.kills(), rate);
    if (exit != 0 || !check.complete() || repeated > (long) s.window() * s.kills()) {
      throw new AssertionError(
          "resume failed: exit " + exit + ", " + check + ", repeated " + repeated);
    }
    headline.put("backfillLinesPerSecond", rate);
    headline.put("backfillRepeatedCalls", repeated);
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("lines", s.lines());
    r.put("kills", s.kills());
    r.put("runs", runs);
    r.put("outputLines", check.outputLines());
    r.put("distinctRecordIds", check.distinct());
    r.put("answeredLines", check.answered());
    r.put("errorLines", check.errors());
    r.put("requestIdsCalled", called);
    r.put("repeatedCallsCumulativeAtKill", repeatedAtKill);
    r.put("repeatedCalls", repeated);
    r.put("repeatedCallsBound", (long) s.window() * s.kills());
    r.put("seconds", Units.round(seconds, 1));
    r.put("linesPerSecond", rate);
    return r;
  }

  private Map<String, Object> memory(
      Harness h, List<String> kafka, Path dir, Map<String, Object> headline, PrintStream out)
      throws Exception {
    Path input = BatchFiles.write(dir.resolve("big.jsonl"), s.bigLines());
    Path output = Files.createDirectories(dir.resolve("big-out"));
    out.printf("  %,d-line run with -Xmx%dm...%n", s.bigLines(), s.heapMb());
    BackfillProcess p =
        BackfillProcess.start(
            s.script(),
            args(input, output, "bench-big", kafka),
            s.heapMb(),
            dir.resolve("big.log"));
    int exit = p.await(RUN_BOUND);
    BatchFiles.Check check = BatchFiles.check(output.resolve("big.jsonl.out"), s.bigLines());
    Map<String, Object> heap = p.heap();
    double rate = Units.round(s.bigLines() / p.seconds(), 1);
    out.printf(
        "  exit %d, %s; heap %s; peak RSS %.0f MB; %.0f lines/s%n",
        exit, check, heap, p.peakRssMb(), rate);
    if (exit != 0 || !check.complete()) {
      throw new AssertionError("1,000,000-line run failed: exit " + exit + ", " + check);
    }
    headline.put("backfillBigLinesPerSecond", rate);
    headline.put("backfillPeakHeapMb", heap.get("maxBeforeGcMb"));
    headline.put("backfillLiveHeapMb", heap.get("maxAfterGcMb"));
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("lines", s.bigLines());
    m.put("exit", exit);
    m.put("outputLines", check.outputLines());
    m.put("answeredLines", check.answered());
    m.put("seconds", Units.round(p.seconds(), 1));
    m.put("linesPerSecond", rate);
    m.put("maxHeapMb", s.heapMb());
    m.put("heapFromGcLog", heap);
    m.put("peakRssMb", p.peakRssMb());
    return m;
  }

  private List<String> args(Path input, Path output, String job, List<String> kafka) {
    List<String> args = new ArrayList<>();
    args.add(input.toString());
    args.addAll(kafka);
    args.addAll(
        List.of(
            "--job-id",
            job,
            "--output",
            output.toString(),
            "--window",
            Integer.toString(s.window())));
    return args;
  }

  /** Model calls beyond the first per request id of {@code job}. */
  private static long repeated(SimulatorStats stats, String job) {
    return stats.callsByRequestId().entrySet().stream()
        .filter(e -> mine(e.getKey(), job))
        .mapToLong(e -> Math.max(0, e.getValue() - 1))
        .sum();
  }

  private static boolean mine(String requestId, String job) {
    return requestId.startsWith(job + "-");
  }

  /** Requests the pipeline has answered (succeeded, degraded or failed). */
  private static long answered(Pipeline pipeline) {
    Map<String, Long> m = pipeline.metrics().snapshot();
    return m.getOrDefault("succeeded", 0L)
        + m.getOrDefault("degraded", 0L)
        + m.getOrDefault("failed", 0L);
  }
}
