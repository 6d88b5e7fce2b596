package dev.ballast.bench.internal;

import dev.ballast.client.BallastClient;
import dev.ballast.pipeline.BallastConfig;
import dev.ballast.pipeline.ConfigException;
import dev.ballast.pipeline.ConfigKeys;
import dev.ballast.pipeline.Pipeline;
import dev.ballast.simulator.CallCounts;
import dev.ballast.simulator.Distribution;
import dev.ballast.simulator.ErrorType;
import dev.ballast.simulator.Quota;
import dev.ballast.simulator.RegionConfig;
import dev.ballast.simulator.Scenario;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.LoggerFactory;

/**
 * Goodput under a provider quota: the simulator allows {@code goodputRpm} calls in any 60 s, the
 * load offered is twice that for {@code goodputSeconds}. Over that window, goodput share =
 * successful calls per minute / quota and throttles per success = 429s / successful calls, both
 * from the simulator's counts. Afterwards every request must complete (succeed or fail for good).
 * Admission control is switched on with whatever {@code admission.*} keys this build has.
 */
public final class GoodputBench implements BenchScenario {

  static final int LATENCY_MS = 100;
  static final int PARTITIONS = 4;
  static final int STREAM_THREADS = 2;

  @Override
  public String name() {
    return "goodput";
  }

  /** Seconds into the run the steady window starts: 60 when the run is long enough, else half. */
  static int steadyFrom(int seconds) {
    return seconds >= 120 ? 60 : seconds / 2;
  }

  private static BallastConfig build(
      Harness h, BallastConfig.Builder builder, Map<String, Object> admission) {
    builder
        .put(ConfigKeys.TOPIC_PARTITIONS, PARTITIONS)
        .put(ConfigKeys.STREAM_THREADS, STREAM_THREADS);
    admission.forEach(builder::put);
    return h.build(builder);
  }

  @Override
  public Outcome run(BenchOptions o, PrintStream out) {
    RegionConfig region =
        RegionConfig.named("us-east-1")
            .withLatency(Distribution.fixed(LATENCY_MS))
            .withQuotas(Quota.requestsPerMinute(o.goodputRpm()));
    try (Harness h = Harness.start(Scenario.of(region), o.overrides())) {
      Map<String, Object> admission =
          AdmissionSettings.forRequestQuota(ConfigKeys.all(), o.goodputRpm());
      Map<String, Object> endpointBudget = Map.of(AdmissionSettings.ENDPOINT_RPM, o.goodputRpm());
      BallastConfig config;
      try {
        config = build(h, h.config(name(), endpointBudget), admission);
        admission.put(
            "routes.default.endpoints[0]." + AdmissionSettings.ENDPOINT_RPM, o.goodputRpm());
      } catch (ConfigException e) {
        // A build without endpoint budgets: run without one, and say so.
        LoggerFactory.getLogger(GoodputBench.class)
            .info("No endpoint budget in this build: {}", e.getMessage());
        config = build(h, h.config(name()), admission);
      }
      out.printf(
          "  admission settings: %s%n", admission.isEmpty() ? "none in this build" : admission);
      Pipeline pipeline = h.pipeline(config);
      BallastClient client = h.client(config);
      BenchRequests requests = new BenchRequests(Harness.ROUTE, "gp-");
      double rate = 2.0 * o.goodputRpm() / 60.0;
      int total = (int) Math.round(rate * o.goodputSeconds());
      Map<String, Object> details = new LinkedHashMap<>();
      Map<String, Object> headline = new LinkedHashMap<>();
      try (ResultTracker tracker = new ResultTracker(client, null, id -> false, null).start()) {
        out.printf(
            "  quota %d RPM; offering %.1f req/s for %d s (%d requests)...%n",
            o.goodputRpm(), rate, o.goodputSeconds(), total);
        h.simulator().resetStats();
        CpuMeter cpu = new CpuMeter().start();
        long start = System.nanoTime();
        Pacer pacer = new Pacer(rate);
        int skip = steadyFrom(o.goodputSeconds());
        long skipAt = start + skip * 1_000_000_000L;
        CallCounts atSkip = skip == 0 ? h.simulator().stats().total() : null;
        long windowStart = start;
        for (int i = 0; i < total; i++) {
          pacer.awaitNext();
          if (atSkip == null && System.nanoTime() >= skipAt) {
            atSkip = h.simulator().stats().total();
            windowStart = System.nanoTime();
          }
          client.submit(requests.request(i, Instant.now()));
          if (i > 0 && i % (int) (rate * 10) == 0) {
            CallCounts c = h.simulator().stats().total();
            out.printf(
                "  %3d s: sent %d, results %d, calls ok %d, throttled %d%n",
                (System.nanoTime() - start) / 1_000_000_000L,
                i,
                tracker.completed(),
                c.succeeded(),
                c.errors(ErrorType.THROTTLING));
          }
        }
        client.flush();
        long windowEnd = start + o.goodputSeconds() * 1_000_000_000L;
        Waits.sleep(Math.max(0, (windowEnd - System.nanoTime()) / 1_000_000));
        CallCounts window = h.simulator().stats().total();
        double cpuShare = cpu.share();
        double jitShare = cpu.jitShare();
        if (atSkip == null) {
          atSkip = CallCounts.ZERO;
          windowStart = start;
        }
        double minutes = (System.nanoTime() - windowStart) / 60e9;
        long ok = window.succeeded() - atSkip.succeeded();
        long throttles = window.errors(ErrorType.THROTTLING) - atSkip.errors(ErrorType.THROTTLING);
        double share = ok / minutes / o.goodputRpm();
        double perSuccess = ok == 0 ? Double.NaN : (double) throttles / ok;
        out.printf(
            "  window: %d successful calls, %d throttled -> goodput %.3f of quota, %.3f throttles"
                + " per success%n",
            ok, throttles, share, perSuccess);
        out.printf(
            "  waiting up to %d s for every request to complete...%n", o.goodputDrainSeconds());
        boolean all =
            Waits.until(
                Duration.ofSeconds(o.goodputDrainSeconds()), () -> tracker.completed() >= total);
        CallCounts end = h.simulator().stats().total();
        out.printf(
            "  %s: %d of %d completed %s%n",
            all ? "done" : "gave up", tracker.completed(), total, tracker.statuses());
        long succeeded = tracker.count("SUCCEEDED");
        headline.put("goodputShare", Units.round(share, 3));
        headline.put("goodputSucceededShare", Units.round((double) succeeded / total, 4));
        headline.put("throttlesPerSuccess", Units.round(perSuccess, 3));
        details.put(
            "method",
            "open-loop load at twice the quota; successful calls and 429s counted by the"
                + " simulator over the steady part of the offered-load window (from the second"
                + " minute on; the first minute starts with an empty quota window);"
                + " goodputSucceededShare = SUCCEEDED results / requests sent; completion checked"
                + " by a read_committed consumer afterwards");
        details.put("steadyFromSecond", skip);
        if (skip < 60) {
          details.put(
              "warning",
              "the run is shorter than 120 s, so the window starts before the second minute and"
                  + " the share can exceed 1: not comparable with a full run");
        }
        details.put("settings", Harness.settings(config, OverheadBench.settingKeys()));
        details.put("admission", admission.isEmpty() ? "none (no admission.* keys)" : admission);
        details.put("quotaRpm", o.goodputRpm());
        details.put("offeredRps", Units.round(rate, 2));
        details.put("windowMinutes", Units.round(minutes, 3));
        details.put("windowSuccessfulCalls", ok);
        details.put("windowThrottles", throttles);
        details.put("windowCalls", window.requests());
        details.put("cpuShare", cpuShare);
        details.put("jitShare", jitShare);
        details.put("sent", total);
        details.put("completed", tracker.completed());
        details.put("lost", total - tracker.completed());
        details.put("duplicates", tracker.duplicates());
        details.put("statuses", tracker.statuses());
        details.put("totalSuccessfulCalls", end.succeeded());
        details.put("totalThrottles", end.errors(ErrorType.THROTTLING));
        details.put("totalCalls", end.requests());
        details.put("pipelineMetrics", pipeline.metrics().snapshot());
        headline.put("goodputCompleted", tracker.completed());
        headline.put("goodputLost", total - tracker.completed());
      }
      return new Outcome(headline, details);
    }
  }
}
