package dev.ballast.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ballast.modelclient.Credentials;
import dev.ballast.modelclient.Endpoint;
import dev.ballast.modelclient.Provider;
import dev.ballast.schemas.Attempt;
import dev.ballast.schemas.InferenceResult;
import dev.ballast.schemas.Outcome;
import dev.ballast.schemas.Status;
import dev.ballast.simulator.ErrorType;
import dev.ballast.simulator.FaultRule;
import dev.ballast.simulator.RegionConfig;
import dev.ballast.simulator.Scenario;
import dev.ballast.simulator.Simulator;
import dev.ballast.testkit.KafkaCluster;
import dev.ballast.testkit.KafkaExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Capacity-aware routing through the real broker, the real AWS SDK and a two-region simulator: a
 * throttled request goes to the endpoint with room at once instead of waiting in a delay topic, and
 * a throttling primary loses new traffic to it; what was sent is read from the simulator's counts.
 */
@ExtendWith(KafkaExtension.class)
class CapacityRoutingIT {

  private static final Duration WAIT = Duration.ofSeconds(90);
  private static final String PRIMARY = "us-east-1";
  private static final String SECONDARY = "us-west-2";

  private Simulator sim;

  @BeforeEach
  void startSimulator() {
    sim = Simulator.start(Scenario.of(RegionConfig.named(PRIMARY), RegionConfig.named(SECONDARY)));
  }

  @AfterEach
  void stopSimulator() {
    sim.close();
  }

  /** Parks of 30 s at least: a request that waited in a delay topic could not be answered soon. */
  private PipelineFixture fixture(KafkaCluster kafka, Path state) {
    return new PipelineFixture(
        kafka,
        sim,
        state,
        b ->
            b.put(ConfigKeys.THROTTLE_BACKOFF_BASE, "30s")
                .put(ConfigKeys.THROTTLE_BACKOFF_MAX, "30s")
                .route(
                    new RouteConfig("default", List.of(endpoint(PRIMARY), endpoint(SECONDARY)))));
  }

  private EndpointConfig endpoint(String region) {
    return new EndpointConfig(
        new Endpoint(Provider.BEDROCK, PipelineFixture.MODEL, region, sim.uri(region)),
        Credentials.NONE);
  }

  private static List<String> ids(String prefix, int n) {
    return IntStream.range(0, n).mapToObj(i -> prefix + i).toList();
  }

  private static Map<String, InferenceResult> submitAndAwait(
      PipelineFixture f, Collection<String> ids) {
    ids.forEach(id -> f.submit(PipelineFixture.request(id)));
    return f.awaitResults(ids, WAIT);
  }

  @Test
  void shouldServeAThrottledRequestAtOnceOnTheEndpointWithRoomInsteadOfParkingIt(
      KafkaCluster kafka, @TempDir Path state) {
    try (PipelineFixture f = fixture(kafka, state).start()) {
      // given: the primary throttles every call, without a hint
      sim.inject(FaultRule.any().inRegion(PRIMARY).error(ErrorType.THROTTLING));
      List<String> ids = ids("room-", 6);

      // when
      Map<String, InferenceResult> results = submitAndAwait(f, ids);

      // then: every one answered by the second region, none parked, one call there each
      assertThat(results.values())
          .allSatisfy(
              r -> {
                assertThat(r.getStatus()).isEqualTo(Status.DEGRADED);
                assertThat(r.getServedBy().getRegion()).isEqualTo(SECONDARY);
                assertThat(r.getServedBy().getRouting()).matches("(ROOM|SHARE): .*");
                assertThat(r.getAttempts())
                    .extracting(Attempt::getOutcome)
                    .endsWith(Outcome.SUCCESS);
                assertThat(r.getAttempts()).hasSizeLessThanOrEqualTo(2);
              });
      assertThat(f.pipeline().metrics().parked.sum()).isZero();
      assertThat(sim.stats().region(SECONDARY).requests()).isEqualTo(ids.size());
      assertThat(sim.stats().region(PRIMARY).requests()).isLessThanOrEqualTo(ids.size());
      assertThat(f.allResults().values()).allSatisfy(all -> assertThat(all).hasSize(1));
    }
  }

  @Test
  void shouldSendMostNewTrafficPastAPrimaryThatThrottlesMostCalls(
      KafkaCluster kafka, @TempDir Path state) {
    try (PipelineFixture f = fixture(kafka, state).start()) {
      // given: the primary throttled all of a first wave of 12 requests
      sim.inject(FaultRule.any().inRegion(PRIMARY).error(ErrorType.THROTTLING));
      submitAndAwait(f, ids("first-", 12));
      long primaryBefore = sim.stats().region(PRIMARY).requests();

      // when: 40 more arrive while its trouble rate is 100 % (90 % spill share)
      List<String> second = ids("second-", 40);
      Map<String, InferenceResult> results = submitAndAwait(f, second);

      // then: the primary got a tenth of them, give or take; most went straight to the second
      // region without a call to the primary, and every one was answered once
      long primaryCalls = sim.stats().region(PRIMARY).requests() - primaryBefore;
      assertThat(primaryCalls).isLessThanOrEqualTo(16);
      long shared =
          results.values().stream()
              .filter(r -> r.getServedBy().getRouting().startsWith("SHARE: the primary"))
              .count();
      assertThat(shared).isEqualTo(second.size() - primaryCalls);
      assertThat(results.values())
          .allSatisfy(r -> assertThat(r.getServedBy().getRegion()).isEqualTo(SECONDARY));
      assertThat(f.pipeline().metrics().parked.sum()).isZero();
      assertThat(f.allResults().values()).allSatisfy(all -> assertThat(all).hasSize(1));
    }
  }
}
