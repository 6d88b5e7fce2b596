package dev.ballast.bench.internal;

import dev.ballast.client.BallastClient;
import dev.ballast.pipeline.BallastConfig;
import dev.ballast.pipeline.ConfigKeys;
import dev.ballast.simulator.Arrival;
import dev.ballast.simulator.CallCounts;
import dev.ballast.simulator.Distribution;
import dev.ballast.simulator.ErrorType;
import dev.ballast.simulator.Outage;
import dev.ballast.simulator.Quota;
import dev.ballast.simulator.RegionConfig;
import dev.ballast.simulator.Scenario;
import dev.ballast.simulator.Simulator;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A fleet (issue 12): three pipeline processes ({@code ./ballast run}, same {@code application.id},
 * static membership) on one broker in its own JVM, the simulator in this process with a primary
 * region under a requests-per-minute quota and a healthy second region; the route chains them, the
 * primary's {@code requests.per.minute} set to the quota. Open-loop load at twice the quota
 * throughout. Phase 1 ({@code seconds}): one instance is killed with SIGKILL half-way and started
 * again; goodput and throttles are counted by the simulator on the primary from the second minute
 * on. Phase 2: the primary answers 503 for {@code outageSeconds}, then recovers; each instance's
 * breaker state is read from its {@code /metrics} every {@value #POLL_MS} ms ({@link
 * BreakerWatch}). Then every request must have exactly one result.
 */
public final class FleetBench implements BenchScenario {

  static final String PRIMARY = "us-east-1";
  static final String SECOND = "us-west-2";
  static final int INSTANCES = 3;
  static final int PARTITIONS = 6;
  static final int LATENCY_MS = 100;
  static final long POLL_MS = 100;

  /**
   * @param seconds seconds of phase 1 (quota and kill)
   * @param rpm the primary's quota, requests per minute (the load offered is twice this)
   * @param outageSeconds how long the primary answers 503 in phase 2
   * @param drainSeconds how long after the load a result may still arrive
   */
  public record Settings(int seconds, int rpm, int outageSeconds, int drainSeconds) {}

  private final Settings settings;

  public FleetBench(Settings settings) {
    this.settings = settings;
  }

  @Override
  public boolean inProcess() {
    return false;
  }

  @Override
  public String name() {
    return "fleet";
  }

  private Scenario scenario(boolean outage) {
    RegionConfig primary =
        RegionConfig.named(PRIMARY)
            .withLatency(Distribution.fixed(LATENCY_MS))
            .withQuotas(Quota.requestsPerMinute(settings.rpm()));
    if (outage) {
      primary =
          primary.withOutages(
              Outage.of(Duration.ZERO, Duration.ofSeconds(settings.outageSeconds())));
    }
    return Scenario.of(
        primary, RegionConfig.named(SECOND).withLatency(Distribution.fixed(LATENCY_MS)));
  }

  @Override
  public Outcome run(BenchOptions o, PrintStream out) throws Exception {
    Path logDir = Path.of(System.getProperty("ballast.log.dir", "logs"));
    Files.createDirectories(logDir);
    Path work = Files.createTempDirectory("ballast-bench-fleet-");
    Map<String, Object> headline = new LinkedHashMap<>();
    Map<String, Object> details = new LinkedHashMap<>();
    double rate = 2.0 * settings.rpm() / 60.0;
    PipelineProcess.build(logDir);
    List<PipelineProcess> fleet = new CopyOnWriteArrayList<>();
    try (BrokerProcess broker = BrokerProcess.start(logDir);
        Simulator simulator = Simulator.start(scenario(false))) {
      List<Path> files = new ArrayList<>();
      for (int i = 0; i < INSTANCES; i++) {
        files.add(
            new ConfigFile(
                    broker.bootstrapServers(),
                    "bench-fleet",
                    "bench.fleet.",
                    work.resolve("state-" + i))
                .set(ConfigKeys.TOPIC_PARTITIONS, PARTITIONS).stream(
                        "group.instance.id", "bench-fleet-" + i)
                    .endpoint(
                        PRIMARY,
                        simulator.uri(PRIMARY).toString(),
                        Map.of(AdmissionSettings.ENDPOINT_RPM, settings.rpm()))
                    .endpoint(SECOND, simulator.uri(SECOND).toString(), Map.of())
                    .overrides(o.overrides())
                    .write(work.resolve("fleet-" + i + ".yaml")));
      }
      BallastConfig parsed = BallastConfig.load(files.get(0));
      long probeMs = parsed.duration(ConfigKeys.BREAKER_OPEN_DURATION).toMillis();
      try {
        for (int i = 0; i < INSTANCES; i++) {
          fleet.add(start(files.get(i), logDir, o));
          out.printf("  instance %d: process %d%n", i, fleet.get(i).pid());
        }
        measure(
            o, out, fleet, files, logDir, simulator, broker, parsed, rate, probeMs, headline,
            details);
      } finally {
        // Before the broker stops: a pipeline stopping without a broker waits out its timeouts.
        for (PipelineProcess p : fleet) {
          p.close();
        }
      }
    } finally {
      TempDirs.delete(work);
    }
    return new Outcome(headline, details);
  }

  private void measure(
      BenchOptions o,
      PrintStream out,
      List<PipelineProcess> fleet,
      List<Path> files,
      Path logDir,
      Simulator simulator,
      BrokerProcess broker,
      BallastConfig parsed,
      double rate,
      long probeMs,
      Map<String, Object> headline,
      Map<String, Object> details)
      throws InterruptedException {
    try (BallastClient client = BallastClient.create(broker.bootstrapServers(), parsed.topics());
        ResultTracker tracker = new ResultTracker(client, null, id -> false, null).start()) {
      AtomicLong sent = new AtomicLong();
      AtomicBoolean stop = new AtomicBoolean();
      BenchRequests requests = new BenchRequests(Harness.ROUTE, "fleet-");
      Thread producer =
          new Thread(
              () -> {
                Pacer pacer = new Pacer(rate);
                while (!stop.get()) {
                  pacer.awaitNext();
                  client.submit(requests.request(sent.getAndIncrement(), Instant.now()));
                }
                client.flush();
              },
              "bench-fleet-producer");
      producer.setDaemon(true);
      simulator.resetStats();
      long t0 = System.nanoTime();
      long t0Wall = System.currentTimeMillis();
      FleetTimeline timeline = new FleetTimeline(() -> fleet, PRIMARY).start();
      producer.start();
      out.printf(
          "  phase 1: quota %d RPM on %s, offering %.1f req/s for %d s; SIGKILL of instance 1"
              + " at %d s...%n",
          settings.rpm(), PRIMARY, rate, settings.seconds(), settings.seconds() / 2);

      int steadyFrom = GoodputBench.steadyFrom(settings.seconds());
      sleepUntil(t0, steadyFrom);
      CallCounts a = simulator.stats().region(PRIMARY);
      long windowStart = System.nanoTime();
      sleepUntil(t0, settings.seconds() / 2);
      fleet.get(1).kill();
      long killedAt = System.nanoTime();
      long killedWall = System.currentTimeMillis();
      out.printf(
          "  %d s: instance 1 killed (SIGKILL); starting it again...%n", settings.seconds() / 2);
      fleet.set(1, start(files.get(1), logDir, o));
      long restartMs = (System.nanoTime() - killedAt) / 1_000_000;
      out.printf(
          "  instance 1 ready again after %d ms (process %d)%n", restartMs, fleet.get(1).pid());
      sleepUntil(t0, settings.seconds());
      CallCounts b = simulator.stats().region(PRIMARY);
      long phase1End = System.currentTimeMillis();
      timeline.close();
      double minutes = (System.nanoTime() - windowStart) / 60e9;
      long ok = b.succeeded() - a.succeeded();
      long throttles = b.errors(ErrorType.THROTTLING) - a.errors(ErrorType.THROTTLING);
      double share = ok / minutes / settings.rpm();
      double perSuccess = ok == 0 ? Double.NaN : (double) throttles / ok;
      out.printf(
          "  phase 1: %d successful primary calls, %d throttled over %.2f min -> goodput %.3f"
              + " of quota, %.3f throttles per success%n",
          ok, throttles, minutes, share, perSuccess);

      out.printf(
          "  phase 2: %s answers 503 for %d s (breaker probe interval %d ms)...%n",
          PRIMARY, settings.outageSeconds(), probeMs);
      BreakerWatch watch = new BreakerWatch(PRIMARY);
      long outageWall = System.currentTimeMillis();
      simulator.setScenario(scenario(true));
      long outageStart = System.nanoTime();
      long recover = Math.max(15, 3 * probeMs / 1000);
      long watchEnd = outageStart + (settings.outageSeconds() + recover) * 1_000_000_000L;
      while (System.nanoTime() < watchEnd) {
        long tick = System.nanoTime();
        watch.poll(fleet, simulator.stats().region(PRIMARY).requests(), tick);
        Waits.sleep(Math.max(0, POLL_MS - (System.nanoTime() - tick) / 1_000_000));
      }
      long watchEndWall = System.currentTimeMillis();
      stop.set(true);
      producer.join(30_000);
      long total = sent.get();
      out.printf("  load ended: %,d sent; waiting for every result...%n", total);
      Waits.until(Duration.ofSeconds(settings.drainSeconds()), () -> tracker.completed() >= total);
      long lost = total - tracker.completed();
      double spread = watch.spreadMs();
      List<Arrival> arrivals = simulator.arrivals();
      FleetProbes probeCount =
          new FleetProbes()
              .count(
                  FleetProbes.periods(
                      broker.bootstrapServers(), parsed.topics().endpoints(), PRIMARY, outageWall),
                  arrivals,
                  PRIMARY,
                  watchEndWall);
      double probes = probeCount.perInterval(probeMs);
      headline.put("fleetGoodputShare", Units.round(share, 3));
      headline.put("fleetThrottlesPerSuccess", Units.round(perSuccess, 3));
      headline.put("fleetLost", lost);
      headline.put("fleetDuplicates", tracker.duplicates());
      headline.put("fleetBreakerSpreadMs", Units.round(spread, 0));
      headline.put("fleetProbesPerInterval", Units.round(probes, 2));
      out.printf(
          "  breaker: first open to last %.0f ms; %.2f primary calls per probe interval while"
              + " open; lost %d, duplicates %d%n",
          spread, probes, lost, tracker.duplicates());
      out.println(
          "  targets: goodput >= 0.95, <= 0.05 throttles per success, spread <= 1,000 ms,"
              + " <= 1 probe per interval, 0 lost, 0 duplicated");
      details.put("method", FleetMethod.text(steadyFrom, POLL_MS));
      if (settings.seconds() < 120) {
        details.put(
            "warning",
            "phase 1 is shorter than 120 s: the goodput window starts before the second minute;"
                + " not comparable with a full run");
      }
      details.put("settings", Harness.settings(parsed, OverheadBench.settingKeys()));
      details.put("quotaRpm", settings.rpm());
      details.put("offeredRps", Units.round(rate, 2));
      details.put("phase1Seconds", settings.seconds());
      details.put("steadyFromSecond", steadyFrom);
      details.put("windowMinutes", Units.round(minutes, 3));
      details.put("windowSuccessfulPrimaryCalls", ok);
      details.put("windowPrimaryThrottles", throttles);
      details.put("restartToReadyMs", restartMs);
      details.put("outageSeconds", settings.outageSeconds());
      details.put("probeIntervalMs", probeMs);
      details.put("breakers", watch.describe());
      details.put("probes", probeCount.describe());
      details.put("killedAtSecond", (killedWall - t0Wall) / 1000.0);
      List<String> rows = timeline.rows(arrivals, t0Wall, t0Wall, phase1End, 5);
      rows.forEach(r -> out.println("  " + r));
      details.put("timeline5s", rows);
      details.put("simulator", simulator.stats().regions().toString());
      details.put("sent", total);
      details.put("completed", tracker.completed());
      details.put("lost", lost);
      details.put("duplicates", tracker.duplicates());
      details.put("statuses", tracker.statuses());
    }
  }

  private static PipelineProcess start(Path config, Path logDir, BenchOptions o) {
    return PipelineProcess.start(config, logDir, o.pipelineJavaOpts(), Duration.ofMinutes(2));
  }

  private static void sleepUntil(long t0, long second) {
    long due = t0 + second * 1_000_000_000L;
    Waits.sleep(Math.max(0, (due - System.nanoTime()) / 1_000_000));
  }
}
