package dev.ballast.bench;

import dev.ballast.bench.internal.BackfillBench;
import dev.ballast.bench.internal.BackfillBenchOptions;
import dev.ballast.bench.internal.BenchOptions;
import dev.ballast.bench.internal.BenchReport;
import dev.ballast.bench.internal.BenchScenario;
import dev.ballast.bench.internal.CapacityBench;
import dev.ballast.bench.internal.CostBench;
import dev.ballast.bench.internal.FleetBench;
import dev.ballast.bench.internal.FleetBenchOptions;
import dev.ballast.bench.internal.GoodputBench;
import dev.ballast.bench.internal.JvmWarmup;
import dev.ballast.bench.internal.MachineInfo;
import dev.ballast.bench.internal.MemoryBench;
import dev.ballast.bench.internal.OverheadBench;
import dev.ballast.bench.internal.SoakBench;
import dev.ballast.bench.internal.StormBench;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ballast bench}: runs the benchmark scenarios in this process (embedded broker, simulator,
 * pipeline) and writes {@code bench.json} and {@code bench.md}.
 */
@Command(
    name = "ballast bench",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Benchmarks Ballast in this process: an embedded Kafka broker, the Bedrock-compatible"
          + " simulator and the pipeline (exactly-once, results read with read_committed).",
      "Scenarios: overhead (latency Ballast adds), capacity (sustained req/s), goodput (under a"
          + " provider quota), memory (heap with a 100,000-request backlog), cost (CPU per"
          + " request, idle CPU, capacity and start-up with the broker and the pipeline in"
          + " processes of their own), storm (30 %% 429s on the primary of a two-region chain),"
          + " soak (ledger, changelog and heap over a long run), fleet (three pipeline processes:"
          + " shared quota, SIGKILL and restart, region outage); and, only when named by --only,"
          + " backfill (./ballast"
          + " backfill processes killed with SIGKILL and resumed, and the backfill's peak heap on a"
          + " 1,000,000-line file).",
      "Writes DIR/bench.json and DIR/bench.md. Run it on a quiet machine: other load moves the"
          + " figures a lot."
    })
public final class BenchMain implements Callable<Integer> {

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output directory.")
  Path out;

  @Option(
      names = "--only",
      split = ",",
      paramLabel = "NAME",
      description =
          "Scenarios to run, comma-separated:"
              + " overhead,capacity,goodput,memory,cost,storm,soak,fleet,backfill (default all but"
              + " backfill; --quick also leaves out soak and fleet).")
  List<String> only;

  @Option(
      names = "--quick",
      description = "A short smoke run (about 2 minutes); figures are rough.")
  boolean quick;

  @Option(
      names = "--warmup",
      paramLabel = "SECONDS",
      description =
          "Warm-up before measuring (default 20, quick 3); the overhead scenario's parts then"
              + " warm on until the JIT compilers settle, for at most 180 s in all.")
  Integer warmup;

  @Option(
      names = "--jvm-warmup",
      paramLabel = "SECONDS",
      description =
          "Seconds of pipeline load before the first scenario, so no scenario measures a cold JIT"
              + " (default 30, quick 0).")
  Integer jvmWarmup;

  @Option(names = "--overhead-rate", paramLabel = "N", description = "Requests/s (default 200).")
  Integer overheadRate;

  @Option(
      names = "--overhead-latency",
      paramLabel = "MS",
      description = "Simulator latency in the overhead scenario (default 50).")
  Integer overheadLatency;

  @Option(
      names = "--overhead-duration",
      paramLabel = "SECONDS",
      description = "Measured seconds of each overhead run (default 30, quick 10).")
  Integer overheadDuration;

  @Option(
      names = "--capacity-duration",
      paramLabel = "SECONDS",
      description = "Measured seconds of the capacity scenario (default 40, quick 12).")
  Integer capacityDuration;

  @Option(
      names = "--capacity-partitions",
      paramLabel = "N",
      description = "Partitions in the capacity scenario (default 4).")
  Integer capacityPartitions;

  @Option(
      names = "--goodput-rpm",
      paramLabel = "N",
      description = "Simulator quota in requests per minute (default 600).")
  Integer goodputRpm;

  @Option(
      names = "--goodput-duration",
      paramLabel = "SECONDS",
      description =
          "Seconds of load at twice the quota (default 120, quick 20); goodput is measured from the second minute on.")
  Integer goodputDuration;

  @Option(
      names = "--memory-backlog",
      paramLabel = "N",
      description = "Requests queued in the memory scenario (default 100000).")
  Integer memoryBacklog;

  @Option(
      names = "--memory-samples",
      paramLabel = "N",
      description = "Heap readings during the backlog (default 8, quick 3).")
  Integer memorySamples;

  @Option(
      names = "--cost-duration",
      paramLabel = "SECONDS",
      description =
          "Measured seconds of each window of the cost scenario (default 20, quick 8); its capacity"
              + " runs measure at least 60 s each in a full run.")
  Integer costDuration;

  @Option(
      names = "--cost-warmup",
      paramLabel = "SECONDS",
      description =
          "Seconds of load at 1,000 req/s before the cost scenario measures (default 60, quick"
              + " 10): the pipeline process's JIT compiles meanwhile.")
  Integer costWarmup;

  @Option(
      names = "--pipeline-java-opts",
      paramLabel = "OPTS",
      description =
          "JVM options of the cost scenario's pipeline process, passed as BALLAST_JAVA_OPTS to"
              + " ./ballast run (default: none, the launcher's own).")
  String pipelineJavaOpts = "";

  @Option(
      names = "--profile",
      paramLabel = "DIR",
      description =
          "Record JFR profiles of the cost scenario's pipeline process during extra (unmeasured)"
              + " 200 req/s and capacity runs into DIR.")
  Path profile;

  @Option(
      names = "--set",
      paramLabel = "KEY=VALUE",
      description =
          "A pipeline setting applied last to every scenario, e.g. commit.interval=5ms or"
              + " streams.max.task.idle.ms=-1 (repeatable).")
  Map<String, String> overrides = new LinkedHashMap<>();

  @Mixin BackfillBenchOptions backfill;

  @Mixin FleetBenchOptions fleet;

  public static void main(String[] args) {
    System.exit(new CommandLine(new BenchMain()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    BenchOptions options = options();
    List<BenchScenario> scenarios = new ArrayList<>();
    for (BenchScenario s :
        List.of(
            new OverheadBench(),
            new CapacityBench(),
            new GoodputBench(),
            new MemoryBench(),
            new CostBench(),
            new StormBench(fleet.storm()),
            new SoakBench(fleet.soak()),
            new FleetBench(fleet.fleet()),
            new BackfillBench(backfill.settings()))) {
      if (only == null ? inDefaultRun(s.name()) : only.contains(s.name())) {
        scenarios.add(s);
      }
    }
    if (only != null) {
      for (String name : only) {
        if (scenarios.stream().noneMatch(s -> s.name().equals(name))) {
          throw new CommandLine.ParameterException(
              new CommandLine(this),
              "unknown scenario '"
                  + name
                  + "' (known: overhead, capacity, goodput, memory, cost, storm, soak, fleet,"
                  + " backfill)");
        }
      }
    }
    PrintStream console = System.out;
    Map<String, Object> machine = MachineInfo.current();
    String date = OffsetDateTime.now().truncatedTo(ChronoUnit.SECONDS).toString();
    BenchReport report = new BenchReport(date, machine, options.describe());
    console.printf(
        "Ballast bench %s: %s cores, %s; %s%n",
        options.quick() ? "(quick)" : "",
        machine.get("cores"),
        machine.get("cpuModel"),
        machine.get("jvm"));
    console.println("Library logs: logs/bench.log");
    int failures = 0;
    boolean inProcess = scenarios.stream().anyMatch(BenchScenario::inProcess);
    int warmupSeconds = !inProcess ? 0 : jvmWarmup != null ? jvmWarmup : options.quick() ? 0 : 30;
    if (warmupSeconds > 0) {
      JvmWarmup.run(options, warmupSeconds, report, console);
    }
    for (BenchScenario s : scenarios) {
      console.printf("%n== %s ==%n", s.name());
      long t0 = System.nanoTime();
      try {
        BenchScenario.Outcome outcome = s.run(options, console);
        Map<String, Object> details = new LinkedHashMap<>(outcome.details());
        details.put("scenarioSeconds", Math.round((System.nanoTime() - t0) / 1e9));
        report.add(s.name(), outcome.headline(), details);
        console.printf(
            "  => %s (%d s)%n", outcome.headline(), Math.round((System.nanoTime() - t0) / 1e9));
      } catch (Exception | AssertionError e) {
        failures++;
        report.failed(s.name(), e);
        console.printf("  => FAILED: %s (see logs/bench.log)%n", e);
        LoggerFactory.getLogger(BenchMain.class).error("Scenario {} failed", s.name(), e);
      }
      console.flush();
    }
    report.write(out);
    console.printf(
        "%n%s%nWritten: %s, %s%n",
        table(report), out.resolve("bench.json"), out.resolve("bench.md"));
    return failures == 0 ? 0 : 1;
  }

  private boolean inDefaultRun(String name) {
    return !name.equals("backfill") && !(quick && (name.equals("soak") || name.equals("fleet")));
  }

  private static String table(BenchReport report) {
    String md = report.markdown();
    int start = md.indexOf("| figure");
    int end = md.indexOf("\n\n", start);
    return end < 0 ? md.substring(start) : md.substring(start, end);
  }

  private BenchOptions options() {
    BenchOptions d = BenchOptions.defaults(quick);
    return new BenchOptions(
        quick,
        or(warmup, d.warmupSeconds()),
        or(overheadRate, d.overheadRate()),
        or(overheadLatency, d.overheadLatencyMs()),
        or(overheadDuration, d.overheadSeconds()),
        or(capacityDuration, d.capacitySeconds()),
        or(capacityPartitions, d.capacityPartitions()),
        or(goodputRpm, d.goodputRpm()),
        or(goodputDuration, d.goodputSeconds()),
        d.goodputDrainSeconds(),
        or(memoryBacklog, d.memoryBacklog()),
        d.memoryLatencyMs(),
        or(memorySamples, d.memorySamples()),
        or(costDuration, d.costSeconds()),
        or(costWarmup, d.costWarmupSeconds()),
        pipelineJavaOpts,
        profile,
        overrides);
  }

  private static int or(Integer value, int fallback) {
    return value == null ? fallback : value;
  }
}
