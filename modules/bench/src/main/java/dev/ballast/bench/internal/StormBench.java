package dev.ballast.bench.internal;

import dev.ballast.client.BallastClient;
import dev.ballast.pipeline.BallastConfig;
import dev.ballast.pipeline.ConfigKeys;
import dev.ballast.pipeline.Pipeline;
import dev.ballast.simulator.CallCounts;
import dev.ballast.simulator.Distribution;
import dev.ballast.simulator.ErrorType;
import dev.ballast.simulator.Rates;
import dev.ballast.simulator.RegionConfig;
import dev.ballast.simulator.Scenario;
import dev.ballast.simulator.SimulatorStats;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A throttle storm (issue 12): the primary region answers {@code ThrottlingException} (429, no
 * {@code Retry-After}) to a seeded 30 % of calls and 200 after 200 ms otherwise; a second region
 * always answers 200 after 200 ms; the route chains primary then second region. Open-loop load at
 * {@code rate} for {@code seconds}, latency from each request's scheduled send to its result read
 * with {@code read_committed}. The same run first measures the same setup without 429s (the
 * baseline), with a pipeline of its own on fresh topics.
 */
public final class StormBench implements BenchScenario {

  static final String PRIMARY = "us-east-1";
  static final String SECOND = "us-west-2";
  static final int LATENCY_MS = 200;
  static final double THROTTLE_SHARE = 0.3;
  static final int PARTITIONS = 4;
  static final int STREAM_THREADS = 2;
  static final long SEED = 12;

  /**
   * @param rate requests per second
   * @param seconds seconds of load in each phase
   * @param drainSeconds how long after the last send a result may still arrive
   */
  public record Settings(int rate, int seconds, int drainSeconds) {}

  private final Settings settings;

  public StormBench(Settings settings) {
    this.settings = settings;
  }

  @Override
  public String name() {
    return "storm";
  }

  static Scenario scenario(double throttleShare) {
    return Scenario.of(
            RegionConfig.named(PRIMARY)
                .withLatency(Distribution.fixed(LATENCY_MS))
                .withRates(new Rates(throttleShare, 0, 0, 0, 0)),
            RegionConfig.named(SECOND).withLatency(Distribution.fixed(LATENCY_MS)))
        .withSeed(SEED);
  }

  @Override
  public Outcome run(BenchOptions o, PrintStream out) {
    Map<String, Object> headline = new LinkedHashMap<>();
    Map<String, Object> details = new LinkedHashMap<>();
    try (Harness h = Harness.start(scenario(0), o.overrides())) {
      out.printf(
          "  baseline: no 429s, %d req/s for %d s, route %s -> %s...%n",
          settings.rate(), settings.seconds(), PRIMARY, SECOND);
      Phase base = phase(h, "storm-baseline", "base-", o, out);
      out.printf("  baseline: %s%n", base.log.summary());

      h.simulator().setScenario(scenario(THROTTLE_SHARE));
      out.printf(
          "  storm: primary answers 429 to %.0f %% of calls (seeded, no Retry-After)...%n",
          THROTTLE_SHARE * 100);
      Phase storm = phase(h, "storm", "storm-", o, out);
      Percentiles l = storm.log.latencies();
      long upstream = storm.calls.total().requests();
      double callsPerRequest = (double) upstream / storm.sent;
      double answered = (double) storm.answered / storm.sent;
      long baseP50 = base.log.latencies().percentile(50);
      headline.put("stormAnswered", Units.round(answered, 4));
      headline.put("stormP50Ms", Units.ms(l.percentile(50)));
      headline.put("stormP90Ms", Units.ms(l.percentile(90)));
      headline.put("stormP99Ms", Units.ms(l.percentile(99)));
      headline.put("stormCallsPerRequest", Units.round(callsPerRequest, 3));
      headline.put("stormBaselineP50Ms", Units.ms(baseP50));
      headline.put(
          "stormP50OverBaselinePct",
          baseP50 == 0
              ? Double.NaN
              : Units.round(100.0 * (l.percentile(50) - baseP50) / baseP50, 1));
      out.printf(
          "  storm: answered %.2f %%, p50 %.0f / p90 %.0f / p99 %.0f ms (max %.0f), %.3f calls per"
              + " request; second region served %d; baseline p50 %.0f ms%n",
          answered * 100,
          Units.ms(l.percentile(50)),
          Units.ms(l.percentile(90)),
          Units.ms(l.percentile(99)),
          Units.ms(l.max()),
          callsPerRequest,
          storm.calls.region(SECOND).succeeded(),
          Units.ms(baseP50));
      out.println(
          "  targets: 100 % answered, p99 <= 2,000 ms, <= 1.2 calls per request, p50 within 20 %"
              + " of the baseline");
      details.put(
          "method",
          "open loop at a fixed rate; latency from each request's scheduled send to its result"
              + " read by a read_committed consumer over the whole results topic; answered ="
              + " SUCCEEDED or DEGRADED results / requests sent; calls per request = HTTP calls"
              + " the simulator received (both regions, every attempt) / requests sent; a request"
              + " without a result "
              + settings.drainSeconds()
              + " s after the last send is missing and fails every verdict of the scenario");
      details.put("settings", Harness.settings(storm.config, OverheadBench.settingKeys()));
      details.put("rate", settings.rate());
      details.put("seconds", settings.seconds());
      details.put("simulatorLatencyMs", LATENCY_MS);
      details.put("throttleShare", THROTTLE_SHARE);
      details.put("seed", SEED);
      details.put("storm", storm.describe(SECOND));
      details.put("baseline", base.describe(SECOND));
      details.put("lost", storm.lost + base.lost);
      details.put("duplicates", storm.duplicates + base.duplicates);
    }
    return new Outcome(headline, details);
  }

  private static final class Phase {
    OpenLoopLog log;
    BallastConfig config;
    long sent;
    long answered;
    long lost;
    long duplicates;
    Map<String, Object> statuses;
    SimulatorStats calls;
    Map<String, Long> pipelineMetrics;

    Map<String, Object> describe(String second) {
      Map<String, Object> m = new LinkedHashMap<>(log.summary());
      m.put("answeredShare", sent == 0 ? 0 : Units.round((double) answered / sent, 4));
      m.put("statuses", statuses);
      m.put("lost", lost);
      m.put("duplicates", duplicates);
      CallCounts t = calls.total();
      m.put("upstreamCalls", t.requests());
      m.put("upstreamThrottles", t.errors(ErrorType.THROTTLING));
      m.put("callsPerRequest", sent == 0 ? 0 : Units.round((double) t.requests() / sent, 3));
      m.put("servedBySecondRegion", calls.region(second).succeeded());
      m.put("pipelineMetrics", pipelineMetrics);
      return m;
    }
  }

  private Phase phase(Harness h, String app, String prefix, BenchOptions o, PrintStream out) {
    Phase ph = new Phase();
    ph.config =
        h.build(
            h.chainConfig(app)
                .put(ConfigKeys.TOPIC_PARTITIONS, PARTITIONS)
                .put(ConfigKeys.STREAM_THREADS, STREAM_THREADS));
    Pipeline pipeline = h.pipeline(ph.config);
    BallastClient client = h.client(ph.config);
    BenchRequests requests = new BenchRequests(Harness.ROUTE, prefix);
    ph.log = new OpenLoopLog();
    int total = settings.rate() * settings.seconds();
    h.simulator().resetStats();
    try (ResultTracker tracker = new ResultTracker(client, ph.log).start()) {
      Pacer pacer = new Pacer(settings.rate());
      for (int i = 0; i < total; i++) {
        long due = pacer.awaitNext();
        ph.log.sent(requests.id(i), due);
        client.submit(requests.request(i, Instant.now()));
        if (i > 0 && i % (settings.rate() * 10) == 0) {
          out.printf(
              "    %d s: sent %d, results %d%n", i / settings.rate(), i, tracker.completed());
        }
      }
      client.flush();
      Waits.until(Duration.ofSeconds(settings.drainSeconds()), () -> tracker.completed() >= total);
      ph.sent = total;
      ph.answered = tracker.count("SUCCEEDED") + tracker.count("DEGRADED");
      ph.lost = total - tracker.completed();
      ph.duplicates = tracker.duplicates();
      ph.statuses = tracker.statuses();
      ph.calls = h.simulator().stats();
      ph.pipelineMetrics = pipeline.metrics().snapshot();
    }
    h.closeEarly(client);
    h.closeEarly(pipeline);
    return ph;
  }
}
