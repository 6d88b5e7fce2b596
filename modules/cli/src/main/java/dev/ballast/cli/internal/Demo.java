package dev.ballast.cli.internal;

import dev.ballast.broker.EmbeddedKafkaBroker;
import dev.ballast.client.BallastClient;
import dev.ballast.pipeline.BallastConfig;
import dev.ballast.pipeline.MetricsServer;
import dev.ballast.pipeline.Pipeline;
import dev.ballast.schemas.InferenceResult;
import dev.ballast.schemas.Topics;
import dev.ballast.simulator.Scenario;
import dev.ballast.simulator.Scenarios;
import dev.ballast.simulator.Simulator;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo: an embedded broker, the simulator and the pipeline in one process, a paced synthetic
 * workload, live progress, and a summary. Runs once on the calling thread.
 */
public final class Demo {

  private static final Logger log = LoggerFactory.getLogger(Demo.class);

  /** The model the demo routes to; any id works against the simulator. */
  public static final String MODEL = DemoSetup.MODEL;

  private final DemoOptions options;
  private final PrintWriter out;
  private final Progress progress;
  private double rate;
  private long simulatorStartMs;
  private final Map<String, Long> servedByRegion = new ConcurrentHashMap<>();
  private final DemoTimeline timeline = new DemoTimeline();

  public Demo(DemoOptions options, PrintWriter out) {
    this.options = options;
    this.out = out;
    this.progress = new Progress(out, System.console() != null);
  }

  /** Runs the demo; returns 0 only if every request got exactly one result. */
  public int run() throws Exception {
    Scenario scenario =
        DemoSetup.ephemeralPorts(
            options.scenario() == null
                ? DemoSetup.builtInScenario()
                : Scenarios.load(options.scenario()));
    this.rate = options.rate() > 0 ? options.rate() : DemoSetup.rateFor(scenario, options.count());
    out.printf(
        "Ballast demo: %d requests at %.0f/s%s%n",
        options.count(),
        rate,
        options.scenario() == null ? "" : ", scenario " + options.scenario());
    out.flush();
    return runWith(scenario, this::drive);
  }

  /** Runs {@code driver} on the demo's set-up (the options' scenario, or the built-in one). */
  public int run(DemoDriver driver) throws Exception {
    Scenario scenario =
        DemoSetup.ephemeralPorts(
            options.scenario() == null
                ? DemoSetup.builtInScenario()
                : Scenarios.load(options.scenario()));
    return runWith(scenario, driver);
  }

  private int runWith(Scenario scenario, DemoDriver driver) throws Exception {
    Path stateDir = DemoIo.tempDir();
    long t0 = System.nanoTime();
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start();
        Simulator simulator = Simulator.start(scenario)) {
      simulatorStartMs = System.currentTimeMillis();
      out.printf(
          "  embedded Kafka at %s, simulator regions %s (%d ms)%n",
          broker.bootstrapServers(), simulator.regions(), (System.nanoTime() - t0) / 1_000_000);
      BallastConfig config =
          DemoSetup.config(broker, simulator, stateDir, scenario, options.partitions());
      try (Pipeline pipeline = Pipeline.start(config);
          MetricsServer metrics =
              options.metricsPort() < 0
                  ? null
                  : MetricsServer.start(pipeline, "127.0.0.1", options.metricsPort())) {
        pipeline.awaitRunning(Duration.ofSeconds(60));
        out.printf(
            "  pipeline running (%d ms); logs in logs/ballast.log%s%n%n",
            (System.nanoTime() - t0) / 1_000_000,
            metrics == null ? "" : "; metrics on " + metrics.uri() + "/metrics");
        out.flush();
        return driver.drive(broker, simulator, pipeline, config.topics());
      }
    } finally {
      DemoIo.deleteQuietly(stateDir);
    }
  }

  private int drive(
      EmbeddedKafkaBroker broker, Simulator simulator, Pipeline pipeline, Topics topics) {
    Map<String, InferenceResult> results = new ConcurrentHashMap<>();
    Map<String, Long> sentAtNanos = new ConcurrentHashMap<>();
    Percentiles latencies = new Percentiles();
    AtomicLong duplicates = new AtomicLong();
    AtomicInteger sent = new AtomicInteger();
    AtomicBoolean stop = new AtomicBoolean();
    Workload workload = new Workload("demo-", 42);
    long start = System.nanoTime();
    try (BallastClient client = BallastClient.create(broker.bootstrapServers(), topics)) {
      Thread reader =
          new Thread(
              () -> read(client, results, sentAtNanos, latencies, duplicates, stop),
              "demo-results");
      reader.setDaemon(true);
      Thread producer =
          new Thread(() -> produce(client, workload, sentAtNanos, sent, stop), "demo-workload");
      producer.setDaemon(true);
      AtomicReference<Throwable> broken = new AtomicReference<>();
      Thread.UncaughtExceptionHandler onFailure =
          (t, e) -> {
            log.error("Demo thread {} failed", t.getName(), e);
            broken.compareAndSet(null, e);
          };
      producer.setUncaughtExceptionHandler(onFailure);
      reader.setUncaughtExceptionHandler(onFailure);
      reader.start();
      producer.start();

      long deadline = start + options.timeout().toNanos();
      while (results.size() < options.count()
          && System.nanoTime() < deadline
          && broken.get() == null) {
        progress.show(sent.get(), results.size(), options.count(), pipeline.inFlight(), start);
        DemoIo.sleep(250);
      }
      progress.show(sent.get(), results.size(), options.count(), pipeline.inFlight(), start);
      progress.done();
      // Late duplicates would show up within a few commit intervals.
      DemoIo.sleep(300);
      stop.set(true);
      DemoIo.join(producer);
      DemoIo.join(reader);
    }
    long durationMs = (System.nanoTime() - start) / 1_000_000;
    // Stream thread figures for whoever reads the log after a slow run.
    pipeline
        .streamsMetrics()
        .forEach(
            (name, metric) -> {
              if (name.group().equals("stream-thread-metrics")
                  && (name.name().endsWith("-ratio") || name.name().endsWith("-latency-avg"))) {
                log.info(
                    "{} {} = {}", name.tags().get("thread-id"), name.name(), metric.metricValue());
              }
            });
    DemoSummary summary;
    synchronized (latencies) {
      summary =
          DemoSummary.of(
              options.count(),
              new ArrayList<>(results.values()),
              duplicates.get(),
              DemoIo.countRecords(broker, topics.dlq().name()),
              simulator.stats().total().requests(),
              latencies,
              durationMs);
    }
    DemoSummary.addBreakers(
        out,
        simulatorStartMs,
        pipeline.breakerEvents(),
        summary,
        simulator.regions(),
        servedByRegion);
    summary.add(
        "estimateErrorPct",
        "token estimate error (%)",
        Math.round(pipeline.metrics().estimates().errorPercent() * 10) / 10.0);
    summary.add(
        "rawEstimateErrorPct",
        "uncalibrated error (%)",
        Math.round(pipeline.metrics().estimates().rawErrorPercent() * 10) / 10.0);
    LatencyBreakdown breakdown = LatencyBreakdown.of(results.values(), timeline);
    breakdown.addTo(summary);
    summary.printTable(out);
    if (options.resultsOut() != null) {
      DemoIo.writeResults(options.resultsOut(), out, results.values());
    }
    if (options.summaryJson() != null) {
      try {
        summary.writeJson(options.summaryJson());
        out.println("  summary written to " + options.summaryJson());
      } catch (IOException e) {
        out.println("  cannot write " + options.summaryJson() + ": " + e.getMessage());
        return 1;
      }
    }
    if (options.report() != null) {
      try {
        DemoReport.write(
            options.report(),
            new DemoReport.Input(
                "Ballast demo: "
                    + options.count()
                    + " requests"
                    + (options.scenario() == null
                        ? ""
                        : ", scenario " + options.scenario().getFileName()),
                simulatorStartMs,
                results.values(),
                timeline,
                pipeline.breakerEvents(),
                pipeline.config().routes().values().stream()
                    .flatMap(r -> r.endpoints().stream())
                    .map(e -> e.endpoint().id())
                    .distinct()
                    .toList(),
                simulator.regions(),
                summary,
                breakdown));
        out.println("  report written to " + options.report().toAbsolutePath());
      } catch (IOException e) {
        out.println("  cannot write " + options.report() + ": " + e.getMessage());
        return 1;
      }
    }
    out.flush();
    boolean ok = summary.get("lost") == 0 && summary.get("duplicates") == 0;
    if (!ok) {
      out.println("FAILED: not every request got exactly one result.");
      out.flush();
    }
    return ok ? 0 : 1;
  }

  private void produce(
      BallastClient client,
      Workload workload,
      Map<String, Long> sentAtNanos,
      AtomicInteger sent,
      AtomicBoolean stop) {
    long intervalNanos = (long) (1_000_000_000L / Math.max(0.001, rate));
    long next = System.nanoTime();
    for (int i = 0; i < options.count() && !stop.get(); i++) {
      long wait = next - System.nanoTime();
      if (wait > 0) {
        DemoIo.sleep(Math.max(1, wait / 1_000_000));
      }
      next += intervalNanos;
      String id = workload.id(i);
      sentAtNanos.put(id, System.nanoTime());
      timeline.sent(id, System.currentTimeMillis());
      client.submit(workload.next(i, Instant.now()));
      sent.incrementAndGet();
    }
    client.flush();
  }

  private void read(
      BallastClient client,
      Map<String, InferenceResult> results,
      Map<String, Long> sentAtNanos,
      Percentiles latencies,
      AtomicLong duplicates,
      AtomicBoolean stop) {
    try (BallastClient.Results reader = client.results(true)) {
      while (!stop.get()) {
        for (InferenceResult r : reader.poll(Duration.ofMillis(50))) {
          long now = System.nanoTime();
          if (results.putIfAbsent(r.getId(), r) != null) {
            duplicates.incrementAndGet();
            continue;
          }
          timeline.received(r.getId(), System.currentTimeMillis());
          if (r.getServedBy() != null && r.getServedBy().getRegion() != null) {
            servedByRegion.merge(r.getServedBy().getRegion(), 1L, Long::sum);
          }
          Long sentAt = sentAtNanos.get(r.getId());
          if (sentAt != null) {
            synchronized (latencies) {
              latencies.add((now - sentAt) / 1_000_000);
            }
          }
        }
      }
    }
  }
}
