package dev.ballast.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ballast.modelclient.Credentials;
import dev.ballast.modelclient.Endpoint;
import dev.ballast.modelclient.LaneTiers;
import dev.ballast.modelclient.Provider;
import dev.ballast.modelclient.ServiceTier;
import dev.ballast.schemas.Degradation;
import dev.ballast.schemas.InferenceResult;
import dev.ballast.schemas.Status;
import dev.ballast.simulator.CallCounts;
import dev.ballast.simulator.Distribution;
import dev.ballast.simulator.FaultRule;
import dev.ballast.simulator.RegionConfig;
import dev.ballast.simulator.Scenario;
import dev.ballast.simulator.Simulator;
import dev.ballast.testkit.Await;
import dev.ballast.testkit.KafkaCluster;
import dev.ballast.testkit.KafkaExtension;
import dev.ballast.testkit.SimulatorExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The backfill lane only uses what the online lane leaves, and asks for the service tier its route
 * names for it.
 */
@ExtendWith({KafkaExtension.class, SimulatorExtension.class})
class LanesIT {

  private static final Duration WAIT = Duration.ofSeconds(90);

  @Test
  void shouldServeOnlineRequestsAheadOfABatchBacklog(
      KafkaCluster kafka, Simulator sim, @TempDir Path state) {
    // given: calls take 200 ms, at most 4 in flight, half of them kept for the online lane
    sim.setScenario(
        Scenario.of(RegionConfig.named("us-east-1").withLatency(Distribution.fixed(200))));
    try (PipelineFixture f =
        new PipelineFixture(
                kafka,
                sim,
                state,
                b -> b.put(ConfigKeys.MAX_IN_FLIGHT, 4).put(ConfigKeys.BATCH_HEADROOM, 50))
            .start()) {
      List<String> batch = IntStream.range(0, 40).mapToObj(i -> "batch-" + i).toList();
      batch.forEach(id -> f.client.submitBatch(PipelineFixture.request(id)));
      Await.until(WAIT, "the backlog being served", () -> f.pipeline().inFlight() > 0);

      // when
      List<String> online = IntStream.range(0, 10).mapToObj(i -> "online-" + i).toList();
      online.forEach(id -> f.submit(PipelineFixture.request(id)));
      List<String> all = new ArrayList<>(batch);
      all.addAll(online);
      Map<String, InferenceResult> results = f.awaitResults(all, WAIT);

      // then: every online request finished before the batch backlog was half done
      assertThat(results.values())
          .allSatisfy(r -> assertThat(r.getStatus()).isEqualTo(Status.SUCCEEDED));
      long lastOnline =
          online.stream()
              .mapToLong(id -> results.get(id).getCompletedAt().toEpochMilli())
              .max()
              .orElseThrow();
      long batchDoneBefore =
          batch.stream()
              .filter(id -> results.get(id).getCompletedAt().toEpochMilli() <= lastOnline)
              .count();
      assertThat(batchDoneBefore).isLessThan(20);
    }
  }

  @Test
  void shouldSendEachLanesServiceTierWhenTheRouteNamesOnePerLane(
      KafkaCluster kafka, Simulator sim, @TempDir Path state) {
    // given: the route asks for priority online and flex in the batch lane
    sim.setScenario(Scenario.of(RegionConfig.named("us-east-1")));
    sim.resetStats();
    RouteConfig route =
        RouteConfig.of(
                "default",
                new EndpointConfig(
                    new Endpoint(Provider.BEDROCK, PipelineFixture.MODEL, "us-east-1", sim.uri()),
                    Credentials.NONE))
            .withTiers(new LaneTiers(ServiceTier.PRIORITY, ServiceTier.FLEX));
    try (PipelineFixture f = new PipelineFixture(kafka, sim, state, b -> b.route(route)).start()) {
      List<String> online = IntStream.range(0, 3).mapToObj(i -> "tier-online-" + i).toList();
      List<String> batch = IntStream.range(0, 5).mapToObj(i -> "tier-batch-" + i).toList();

      // when
      online.forEach(id -> f.submit(PipelineFixture.request(id)));
      batch.forEach(id -> f.client.submitBatch(PipelineFixture.request(id)));
      List<String> all = new ArrayList<>(online);
      all.addAll(batch);
      Map<String, InferenceResult> results = f.awaitResults(all, WAIT);

      // then: the simulator was sent each lane's tier, once per request, and results record it
      CallCounts sent = sim.stats().total();
      assertThat(sent.requests()).isEqualTo(8);
      assertThat(sent.byServiceTier()).isEqualTo(Map.of("priority", 3L, "flex", 5L));
      online.forEach(
          id -> assertThat(results.get(id).getServedBy().getServiceTier()).isEqualTo("priority"));
      batch.forEach(
          id -> assertThat(results.get(id).getServedBy().getServiceTier()).isEqualTo("flex"));
    }
  }

  @Test
  void shouldServeABatchRequestFromTheAnswerTheOnlineLaneCached(
      KafkaCluster kafka, Simulator sim, @TempDir Path state) {
    try (PipelineFixture f =
        new PipelineFixture(
                kafka,
                sim,
                state,
                b -> b.put(ConfigKeys.CALL_TIMEOUT, "3s").put(ConfigKeys.RETRY_MAX_ATTEMPTS, 1))
            .start()) {
      // given: a question answered online, its answer in the online app's cache store
      f.submit(PipelineFixture.request("warm-1"));
      InferenceResult warm = f.awaitResults(List.of("warm-1"), WAIT).get("warm-1");
      assertThat(warm.getStatus()).as("%s", warm.getError()).isEqualTo(Status.SUCCEEDED);
      Await.until(WAIT, "the answer in the cache store", () -> cacheRecordsRead(f) > 0);
      sim.inject(FaultRule.forRequest("slow-b").delay(Duration.ofSeconds(30)));
      long callsBefore = sim.stats().total().requests();

      // when: the same question times out in the batch lane
      f.client.submitBatch(PipelineFixture.request("slow-b"));
      InferenceResult r = f.awaitResults(List.of("slow-b"), WAIT).get("slow-b");

      // then: the batch lane's app, which keeps no store of the cache, served the online answer
      assertThat(r.getStatus()).as("%s", r.getError()).isEqualTo(Status.DEGRADED);
      assertThat(r.getDegradations()).contains(Degradation.CACHED);
      assertThat(r.getText()).isEqualTo(warm.getText());
      assertThat(sim.stats().total().requests()).isGreaterThan(callsBefore);
    }
  }

  /** Records the online app's global consumer (the answer cache's) has read. */
  private static double cacheRecordsRead(PipelineFixture f) {
    return f.pipeline().streamsMetrics().entrySet().stream()
        .filter(e -> e.getKey().name().equals("records-consumed-total"))
        .filter(e -> e.getKey().group().equals("consumer-fetch-manager-metrics"))
        .filter(e -> e.getKey().tags().getOrDefault("client-id", "").endsWith("-global-consumer"))
        .filter(e -> !e.getKey().tags().containsKey("topic"))
        .mapToDouble(e -> ((Number) e.getValue().metricValue()).doubleValue())
        .sum();
  }

  @Test
  void shouldAnswerAnIdOnceWhenItArrivesInBothLanes(
      KafkaCluster kafka, Simulator sim, @TempDir Path state) {
    // given: calls take 300 ms, so each first copy is still in flight when its twin arrives
    sim.setScenario(
        Scenario.of(RegionConfig.named("us-east-1").withLatency(Distribution.fixed(300))));
    try (PipelineFixture f = new PipelineFixture(kafka, sim, state).start()) {
      // when: one id online then batch, one batch then online, one batch, answered, then online
      f.submit(PipelineFixture.request("both-1"));
      f.client.submitBatch(PipelineFixture.request("both-1"));
      f.client.submitBatch(PipelineFixture.request("both-2"));
      f.submit(PipelineFixture.request("both-2"));
      f.client.submitBatch(PipelineFixture.request("both-3"));
      f.awaitResults(List.of("both-1", "both-2", "both-3"), WAIT);
      f.submit(PipelineFixture.request("both-3"));
      Await.until(
          WAIT,
          "three copies recognised as duplicates",
          () -> f.pipeline().metrics().duplicates.sum() >= 3);

      // then: one result and one model call per id, whichever lane its copies came in
      f.awaitResults(List.of("both-1", "both-2", "both-3"), WAIT);
      for (String id : List.of("both-1", "both-2", "both-3")) {
        assertThat(f.allResults().get(id)).as(id).hasSize(1);
        assertThat(sim.stats().callsFor(id)).as(id).isEqualTo(1);
      }
      assertThat(f.pipeline().metrics().duplicates.sum()).isEqualTo(3);
    }
  }
}
