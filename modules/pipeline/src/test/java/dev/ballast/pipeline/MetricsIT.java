package dev.ballast.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ballast.modelclient.Credentials;
import dev.ballast.modelclient.Endpoint;
import dev.ballast.modelclient.Provider;
import dev.ballast.schemas.InferenceRequest;
import dev.ballast.schemas.InferenceResult;
import dev.ballast.simulator.Distribution;
import dev.ballast.simulator.ErrorType;
import dev.ballast.simulator.FaultRule;
import dev.ballast.simulator.RegionConfig;
import dev.ballast.simulator.Scenario;
import dev.ballast.simulator.Simulator;
import dev.ballast.testkit.Await;
import dev.ballast.testkit.KafkaCluster;
import dev.ballast.testkit.KafkaExtension;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scrapes /metrics of a pipeline on the real broker, calling a two-region simulator through the
 * real AWS SDK, while the primary region goes down and comes back; the counters must move as the
 * simulator says the calls went.
 */
@ExtendWith(KafkaExtension.class)
class MetricsIT {

  private static final Duration WAIT = Duration.ofSeconds(90);
  private static final String PRIMARY = "us-east-1";
  private static final String SECONDARY = "us-west-2";
  private static final String CALLS = "ballast_model_calls_total";

  private Simulator sim;

  @BeforeEach
  void startSimulator() {
    // The primary answers in 200 ms, so a half-open breaker's probes stay out long enough to see.
    sim =
        Simulator.start(
            Scenario.of(
                RegionConfig.named(PRIMARY).withLatency(Distribution.fixed(200)),
                RegionConfig.named(SECONDARY)));
  }

  @AfterEach
  void stopSimulator() {
    sim.close();
  }

  private EndpointConfig endpoint(String model, String region) {
    return new EndpointConfig(
        new Endpoint(Provider.BEDROCK, model, region, sim.uri(region)), Credentials.NONE);
  }

  private static Map<String, String> region(String r) {
    return Map.of("region", r);
  }

  @Test
  void shouldCountCallsAndBreakerStatesAsTheSimulatorSawThemWhenThePrimaryGoesDown(
      KafkaCluster kafka, @TempDir Path state) {
    try (PipelineFixture f =
            new PipelineFixture(
                    kafka,
                    sim,
                    state,
                    b ->
                        b.put(ConfigKeys.RETRY_MAX_ATTEMPTS, 1)
                            .put(ConfigKeys.BREAKER_MINIMUM_CALLS, 5)
                            .put(ConfigKeys.BREAKER_OPEN_DURATION, "5s")
                            .put(ConfigKeys.BREAKER_PROBES, 2)
                            .route(
                                new RouteConfig(
                                    "default",
                                    List.of(
                                        endpoint(PipelineFixture.MODEL, PRIMARY),
                                        endpoint(PipelineFixture.MODEL, SECONDARY)))))
                .start();
        MetricsServer server = MetricsServer.start(f.pipeline(), "127.0.0.1", 0)) {
      BreakerWatch watch = new BreakerWatch(server);
      List<String> after = new ArrayList<>();
      int[] waves = {0};
      watch.start();
      try {
        // given: a healthy primary serves everything
        send(f, "ok-", 5);
        Scrape healthy = Scrape.of(server);
        assertThat(healthy.sum(CALLS, Map.of("region", PRIMARY, "outcome", "success")))
            .isEqualTo(5)
            .isEqualTo(sim.stats().region(PRIMARY).requests());
        assertThat(healthy.sum("ballast_breaker_state", region(PRIMARY))).isZero();
        assertThat(Scrape.get(server.uri().resolve("/health/ready")).statusCode()).isEqualTo(200);

        // when: the primary answers 503 to everything, a wave of requests opens its breaker
        // (capacity routing sends a failing primary less new traffic as its failures mount, so
        // waves go on until its breaker has seen enough calls to open, however they are timed)
        sim.inject(FaultRule.any().inRegion(PRIMARY).error(ErrorType.SERVICE_UNAVAILABLE));
        Await.until(
            WAIT,
            "the primary's breaker open",
            () -> {
              send(f, "storm-" + waves[0]++ + "-", 5);
              return Scrape.of(server).sum("ballast_breaker_state", region(PRIMARY)) == 1;
            });
        Scrape open = Scrape.of(server);

        // then: the breaker is open; what was sent to the primary is what the simulator got
        assertThat(open.sum("ballast_breaker_state", region(PRIMARY))).isEqualTo(1);
        double primaryCalls = open.sum(CALLS, region(PRIMARY));
        assertThat(primaryCalls).isEqualTo(sim.stats().region(PRIMARY).requests());
        assertThat(open.sum(CALLS, Map.of("region", PRIMARY, "outcome", "transient")))
            .isGreaterThanOrEqualTo(5);
        double secondaryCalls = open.sum(CALLS, region(SECONDARY));
        // the route still has an endpoint whose breaker is closed
        assertThat(Scrape.get(server.uri().resolve("/health/ready")).statusCode()).isEqualTo(200);

        // when: more requests arrive while the breaker is open
        send(f, "while-open-", 10);
        Scrape during = Scrape.of(server);

        // then: no call reaches the primary, the fallback region's calls rise by as many
        assertThat(during.sum(CALLS, region(PRIMARY))).isEqualTo(primaryCalls);
        assertThat(sim.stats().region(PRIMARY).requests()).isEqualTo((long) primaryCalls);
        assertThat(during.sum(CALLS, Map.of("region", SECONDARY, "outcome", "success")))
            .isGreaterThanOrEqualTo(secondaryCalls + 10)
            .isEqualTo(sim.stats().region(SECONDARY).requests());
        // they skipped the primary without a call: moved down the chain at once
        assertThat(
                during.sum("ballast_routing_moves_total", Map.of("reason", "SKIPPED"))
                    - open.sum("ballast_routing_moves_total", Map.of("reason", "SKIPPED")))
            .isEqualTo(10);
        assertThat(
                during.sum(
                    "ballast_result_degradations_total", Map.of("degradation", "FALLBACK_MODEL")))
            .isGreaterThanOrEqualTo(5 * waves[0] + 10);

        // when: the primary recovers and traffic goes on
        sim.clearFaults();
        InferenceResult[] last = new InferenceResult[1];
        Await.until(
            WAIT,
            "traffic back on the primary with its breaker closed",
            () -> {
              String id = "after-" + after.size();
              after.add(id);
              f.submit(PipelineFixture.request(id));
              last[0] = f.awaitResults(List.of(id), WAIT).get(id);
              return PRIMARY.equals(last[0].getServedBy().getRegion())
                  && Scrape.of(server).sum("ballast_breaker_state", region(PRIMARY)) == 0;
            });
      } finally {
        watch.stop();
      }

      // then: the gauge went closed, open, half-open, closed; every change was counted
      Scrape end = Scrape.of(server);
      assertThat(watch.states()).containsSubsequence(0, 1, 2, 0);
      assertThat(watch.states().get(watch.states().size() - 1)).isZero();
      assertThat(
              end.sum("ballast_breaker_transitions_total", Map.of("region", PRIMARY, "to", "open")))
          .isGreaterThanOrEqualTo(1);
      assertThat(
              end.sum(
                  "ballast_breaker_transitions_total",
                  Map.of("region", PRIMARY, "to", "half_open")))
          .isGreaterThanOrEqualTo(1);
      assertThat(
              end.sum(
                  "ballast_breaker_transitions_total", Map.of("region", PRIMARY, "to", "closed")))
          .isEqualTo(1);
      assertThat(end.sum(CALLS, region(PRIMARY))).isEqualTo(sim.stats().region(PRIMARY).requests());
      assertThat(end.sum("ballast_results_total", Map.of("status", "failed"))).isZero();
      assertThat(end.sum("ballast_requests_received_total", Map.of("lane", "online")))
          .isEqualTo(15 + 5 * waves[0] + after.size());
      assertThat(end.sum("ballast_model_call_duration_seconds_count", region(PRIMARY)))
          .isEqualTo(end.sum(CALLS, region(PRIMARY)));
      assertThat(
              end.sum("ballast_model_tokens_total", Map.of("region", SECONDARY, "type", "input")))
          .isPositive();
      assertThat(end.has("kafka_stream_thread_process_ratio")).isTrue();
      assertThat(end.has("jvm_memory_used_bytes")).isTrue();
    }
  }

  @Test
  void shouldScrapeTwentyEndpointsQuicklyAndReportReadinessWhenRunning(
      KafkaCluster kafka, @TempDir Path state) throws java.io.IOException {
    List<RouteConfig> routes =
        IntStream.range(0, 20)
            .mapToObj(
                i ->
                    new RouteConfig(
                        i == 0 ? "default" : "r" + i, List.of(endpoint("model-" + i, PRIMARY))))
            .toList();
    PipelineFixture f =
        new PipelineFixture(
            kafka,
            sim,
            state,
            b -> {
              routes.forEach(b::route);
              return b;
            });
    MetricsServer server = null;
    try (f) {
      f.start();
      server = MetricsServer.start(f.pipeline(), "127.0.0.1", 0);
      // given: one request answered on each of the 20 endpoints, so each has every series
      List<String> ids = new ArrayList<>();
      for (RouteConfig r : routes) {
        InferenceRequest request = PipelineFixture.request("scrape-" + r.name());
        request.setRoute(r.name());
        f.submit(request);
        ids.add(request.getId());
      }
      f.awaitResults(ids, WAIT);
      Scrape.of(server); // warm up

      // when
      int n = 50;
      long[] nanos = new long[n];
      int bytes = 0;
      for (int i = 0; i < n; i++) {
        long t = System.nanoTime();
        bytes = Scrape.of(server).text().length();
        nanos[i] = System.nanoTime() - t;
      }
      Arrays.sort(nanos);
      Scrape s = Scrape.of(server);
      java.nio.file.Files.writeString(Path.of("target/metrics-20-endpoints.txt"), s.text());

      // then
      System.out.printf(
          "/metrics with 20 endpoints: %d bytes, %d lines; scrape p50 %.1f ms, p90 %.1f ms, max %.1f ms"
              + " (%d scrapes)%n",
          bytes,
          s.text().lines().count(),
          nanos[n / 2] / 1e6,
          nanos[n * 9 / 10] / 1e6,
          nanos[n - 1] / 1e6,
          n);
      assertThat(s.text().lines().filter(l -> l.startsWith("ballast_breaker_state{")).count())
          .isEqualTo(20);
      assertThat(s.sum(CALLS, Map.of("outcome", "success"))).isEqualTo(20);
      assertThat(TimeUnit.NANOSECONDS.toMillis(nanos[n / 2])).isLessThan(500);
      HttpResponse<String> live = Scrape.get(server.uri().resolve("/health/live"));
      HttpResponse<String> ready = Scrape.get(server.uri().resolve("/health/ready"));
      assertThat(live.statusCode()).isEqualTo(200);
      assertThat(ready.statusCode()).isEqualTo(200);
      assertThat(ready.body()).isEqualTo("ready\n");

      // when: the app stops while the server still answers
      f.stop();
      HttpResponse<String> stopped = Scrape.get(server.uri().resolve("/health/ready"));

      // then
      assertThat(stopped.statusCode()).isEqualTo(503);
      assertThat(stopped.body()).contains("streams NOT_RUNNING");
      assertThat(Scrape.get(server.uri().resolve("/nothing")).statusCode()).isEqualTo(404);
    } finally {
      if (server != null) {
        server.close();
      }
    }
  }

  private static void send(PipelineFixture f, String prefix, int n) {
    List<String> ids = IntStream.range(0, n).mapToObj(i -> prefix + i).toList();
    ids.forEach(id -> f.submit(PipelineFixture.request(id)));
    f.awaitResults(ids, WAIT);
  }

  /**
   * Samples the primary's breaker gauge from /metrics every few milliseconds on its own thread and
   * keeps each value that differs from the one before.
   */
  private static final class BreakerWatch {
    private final MetricsServer server;
    private final List<Integer> states = new CopyOnWriteArrayList<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread thread;

    BreakerWatch(MetricsServer server) {
      this.server = server;
      this.thread = new Thread(this::run, "breaker-watch");
      this.thread.setDaemon(true);
    }

    void start() {
      thread.start();
    }

    private void run() {
      while (running.get()) {
        int s = (int) Scrape.of(server).sum("ballast_breaker_state", region(PRIMARY));
        if (states.isEmpty() || states.get(states.size() - 1) != s) {
          states.add(s);
        }
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5)); // the sampling interval
      }
    }

    void stop() {
      running.set(false);
      try {
        thread.join(10_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    List<Integer> states() {
      return states;
    }
  }
}
