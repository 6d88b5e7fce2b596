package dev.ballast.bench.internal;

import dev.ballast.client.BallastClient;
import dev.ballast.pipeline.BallastConfig;
import dev.ballast.pipeline.ConfigKeys;
import dev.ballast.simulator.Distribution;
import dev.ballast.simulator.RegionConfig;
import dev.ballast.simulator.Scenario;
import dev.ballast.simulator.Simulator;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A soak (issue 12): open-loop load at {@code rate} for {@code minutes} against one pipeline
 * process ({@code ./ballast run}, default settings, so {@code dedup.retention} at its default) on a
 * broker in its own JVM, the simulator answering in {@value #LATENCY_MS} ms. Every sample interval
 * (a minute on a full run): the pipeline's ledger entries and heap from its {@code /metrics}, and
 * the ledger changelog's size on the broker's disk. The ledger, the changelog and the heap must
 * level off once a retention's worth of answers is kept; {@code soakLedgerGrowthPct} is the growth
 * of the ledger over the second half of the soak ({@link SoakSeries}).
 */
public final class SoakBench implements BenchScenario {

  static final int LATENCY_MS = 50;
  static final String REGION = "us-east-1";

  /**
   * @param rate requests per second
   * @param minutes minutes of load
   * @param dedupRetention the pipeline's {@code dedup.retention} for this scenario only; empty for
   *     its default
   */
  public record Settings(int rate, double minutes, String dedupRetention) {}

  private final Settings settings;

  public SoakBench(Settings settings) {
    this.settings = settings;
  }

  @Override
  public boolean inProcess() {
    return false;
  }

  @Override
  public String name() {
    return "soak";
  }

  @Override
  public Outcome run(BenchOptions o, PrintStream out) throws Exception {
    Path logDir = Path.of(System.getProperty("ballast.log.dir", "logs"));
    Files.createDirectories(logDir);
    Path work = Files.createTempDirectory("ballast-bench-soak-");
    long totalSeconds = Math.round(settings.minutes() * 60);
    long sampleSeconds = Math.max(5, Math.min(60, totalSeconds / 8));
    Map<String, Object> headline = new LinkedHashMap<>();
    Map<String, Object> details = new LinkedHashMap<>();
    PipelineProcess.build(logDir);
    Scenario sim =
        Scenario.of(RegionConfig.named(REGION).withLatency(Distribution.fixed(LATENCY_MS)));
    try (BrokerProcess broker = BrokerProcess.start(logDir);
        Simulator simulator = Simulator.start(sim)) {
      ConfigFile cf =
          new ConfigFile(
                  broker.bootstrapServers(), "bench-soak", "bench.soak.", work.resolve("state"))
              .endpoint(REGION, simulator.uri(REGION).toString(), Map.of());
      if (!settings.dedupRetention().isEmpty()) {
        cf.set(ConfigKeys.DEDUP_RETENTION, settings.dedupRetention());
      }
      Path file = cf.overrides(o.overrides()).write(work.resolve("soak.yaml"));
      BallastConfig parsed = BallastConfig.load(file);
      String retention = parsed.describe().get(ConfigKeys.DEDUP_RETENTION);
      try (PipelineProcess p =
              PipelineProcess.start(file, logDir, o.pipelineJavaOpts(), Duration.ofMinutes(2));
          BallastClient client = BallastClient.create(broker.bootstrapServers(), parsed.topics());
          ResultTracker tracker = new ResultTracker(client, null, id -> false, null).start();
          ChangelogSize changelog = new ChangelogSize(broker.bootstrapServers(), "bench-soak");
          ChangelogKeys keys = new ChangelogKeys(broker.bootstrapServers(), "bench-soak")) {
        out.printf(
            "  pipeline process %d, dedup.retention %s; %d req/s for %.1f min, a sample every %d"
                + " s...%n",
            p.pid(), retention, settings.rate(), settings.minutes(), sampleSeconds);
        AtomicLong sent = new AtomicLong();
        AtomicBoolean stop = new AtomicBoolean();
        BenchRequests requests = new BenchRequests(Harness.ROUTE, "soak-");
        long end = System.nanoTime() + totalSeconds * 1_000_000_000L;
        Thread producer =
            new Thread(
                () -> {
                  Pacer pacer = new Pacer(settings.rate());
                  while (!stop.get() && System.nanoTime() < end) {
                    pacer.awaitNext();
                    client.submit(requests.request(sent.getAndIncrement(), Instant.now()));
                  }
                  client.flush();
                },
                "bench-soak-producer");
        producer.setDaemon(true);
        long t0 = System.nanoTime();
        producer.start();
        List<Map<String, Object>> samples = new ArrayList<>();
        SoakSeries ledger = new SoakSeries();
        SoakSeries oldGen = new SoakSeries();
        SoakSeries changelogMb = new SoakSeries();
        for (long s = sampleSeconds; s <= totalSeconds; s += sampleSeconds) {
          long due = t0 + s * 1_000_000_000L;
          Waits.sleep(Math.max(0, (due - System.nanoTime()) / 1_000_000));
          Map<String, Object> sample = sample(p, changelog, s, sent.get(), tracker.completed());
          sample.put("ledgerKeys", keys.liveKeys());
          samples.add(sample);
          ledger.add(s, keys.liveKeys());
          oldGen.add(s, ((Number) sample.getOrDefault("oldGenUsedMb", Double.NaN)).doubleValue());
          changelogMb.add(s, ((Number) sample.get("changelogMb")).doubleValue());
          out.printf("  %s%n", sample);
        }
        stop.set(true);
        producer.join(30_000);
        long total = sent.get();
        out.printf("  load ended: %,d sent; waiting for every result...%n", total);
        Waits.until(Duration.ofSeconds(120), () -> tracker.completed() >= total);
        long lost = total - tracker.completed();
        double growth = ledger.growthOverSecondHalfPct();
        headline.put("soakLedgerGrowthPct", Units.round(growth, 1));
        headline.put("soakLost", lost);
        headline.put("soakOldGenGrowthPct", Units.round(oldGen.growthOverSecondHalfPct(), 1));
        headline.put(
            "soakChangelogGrowthPct", Units.round(changelogMb.growthOverSecondHalfPct(), 1));
        out.printf(
            "  ledger growth over the second half %.1f %%, lost %d, duplicates %d%n",
            growth, lost, tracker.duplicates());
        long retentionSeconds = parsed.duration(ConfigKeys.DEDUP_RETENTION).toSeconds();
        details.put(
            "method",
            "open loop at a fixed rate; ledgerKeys = live keys of the ledger changelog topics,"
                + " replayed with read_committed from the beginning (what a restore would hold;"
                + " exact as of the last commit read): soakLedgerGrowthPct is computed from it;"
                + " ledgerEntriesGauge = the pipeline's ballast_ledger_entries gauge (RocksDB's"
                + " estimate, refreshed by each ledger purge; it counts overwritten and deleted"
                + " keys until RocksDB compacts them, so it runs high); heap ="
                + " jvm_memory_used_bytes{area=heap} and its old generation (what survived young"
                + " collections) from its /metrics; changelog bytes = the broker's log size of"
                + " the ledger changelog topics (Admin describeLogDirs); growth = (last sample -"
                + " the sample at half time) / the sample at half time");
        if (totalSeconds < 2 * retentionSeconds) {
          details.put(
              "note",
              "the soak is shorter than two dedup.retention windows ("
                  + retention
                  + "): the ledger keeps every answer of the last retention, so it is still"
                  + " filling during the second half and the growth figure is not a level-off"
                  + " test; run at least two retentions (or --set dedup.retention=...) for that");
        }
        details.put("settings", Harness.settings(parsed, OverheadBench.settingKeys()));
        details.put("dedupRetention", retention);
        details.put("rate", settings.rate());
        details.put("minutes", settings.minutes());
        details.put("sampleSeconds", sampleSeconds);
        details.put("samples", samples);
        details.put("sent", total);
        details.put("completed", tracker.completed());
        details.put("lost", lost);
        details.put("duplicates", tracker.duplicates());
        details.put("statuses", tracker.statuses());
      }
    } finally {
      TempDirs.delete(work);
    }
    return new Outcome(headline, details);
  }

  private static Map<String, Object> sample(
      PipelineProcess p, ChangelogSize changelog, long second, long sent, long completed) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("second", second);
    m.put("sent", sent);
    m.put("completed", completed);
    try {
      String text = PromText.scrape(p.metricsPort());
      m.put("ledgerEntriesGauge", (long) PromText.sum(text, "ballast_ledger_entries"));
      m.put(
          "heapUsedMb",
          Units.mb((long) PromText.sum(text, "jvm_memory_used_bytes", "area=\"heap\"")));
      m.put(
          "oldGenUsedMb",
          Units.mb((long) PromText.sum(text, "jvm_memory_used_bytes", "Old Gen\"")));
    } catch (IOException e) {
      m.put("ledgerEntriesGauge", Double.NaN);
      m.put("metricsError", e.toString());
    }
    m.put("changelogMb", Units.mb(changelog.bytes()));
    return m;
  }
}
