package dev.ballast.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ballast.modelclient.ChainRouting;
import dev.ballast.modelclient.Credentials;
import dev.ballast.modelclient.Endpoint;
import dev.ballast.modelclient.Provider;
import dev.ballast.schemas.Attempt;
import dev.ballast.schemas.InferenceResult;
import dev.ballast.schemas.Outcome;
import dev.ballast.schemas.Status;
import dev.ballast.simulator.ErrorType;
import dev.ballast.simulator.FaultRule;
import dev.ballast.simulator.RateLimitHint;
import dev.ballast.simulator.RegionConfig;
import dev.ballast.simulator.Scenario;
import dev.ballast.simulator.Simulator;
import dev.ballast.testkit.KafkaCluster;
import dev.ballast.testkit.KafkaExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rate-limit hints in every form providers send and overload statuses, through the real broker, the
 * real clients and the simulator: the wait is kept, the call is not repeated in process, and a hint
 * longer than {@code throttle.wait.max} sends the request down the chain at once.
 */
@ExtendWith(KafkaExtension.class)
class RateLimitHintsIT {

  private static final Duration WAIT = Duration.ofSeconds(90);
  private static final String PRIMARY = "us-east-1";
  private static final String SECONDARY = "us-west-2";
  private static final Duration HINT = Duration.ofSeconds(2);

  private Simulator sim;

  @BeforeEach
  void startSimulator() {
    sim = Simulator.start(Scenario.of(RegionConfig.named(PRIMARY), RegionConfig.named(SECONDARY)));
  }

  @AfterEach
  void stopSimulator() {
    sim.close();
  }

  private EndpointConfig endpoint(Provider provider, String model, String region) {
    return new EndpointConfig(
        new Endpoint(provider, model, region, sim.uri(region)), Credentials.NONE);
  }

  private PipelineFixture fixture(KafkaCluster kafka, Path state, Provider provider, String model) {
    return fixture(kafka, state, provider, model, ChainRouting.CAPACITY);
  }

  /** A two-region route walked in order, so that a throttled request waits out the hint. */
  private PipelineFixture ordered(KafkaCluster kafka, Path state, Provider provider, String model) {
    return fixture(kafka, state, provider, model, ChainRouting.ORDERED);
  }

  private PipelineFixture fixture(
      KafkaCluster kafka, Path state, Provider provider, String model, ChainRouting routing) {
    return new PipelineFixture(
        kafka,
        sim,
        state,
        b ->
            b.put(ConfigKeys.THROTTLE_WAIT_MAX, "30s")
                .route(
                    new RouteConfig(
                            "default",
                            List.of(
                                endpoint(provider, model, PRIMARY),
                                endpoint(provider, model, SECONDARY)))
                        .withRouting(routing)));
  }

  private static List<Outcome> outcomes(InferenceResult r) {
    return r.getAttempts().stream().map(Attempt::getOutcome).toList();
  }

  /** Milliseconds between the first and the last attempt of a result. */
  private static long gap(InferenceResult r) {
    List<Attempt> a = r.getAttempts();
    return a.get(a.size() - 1).getStartedAt().toEpochMilli()
        - a.get(0).getStartedAt().toEpochMilli();
  }

  @Test
  void shouldWaitAtLeastTheHintWhateverHeaderItComesIn(KafkaCluster kafka, @TempDir Path state) {
    // given: one request per hint form, each throttled once with a 2 s wait
    Map<String, RateLimitHint> forms =
        Map.of(
            "h-ms", RateLimitHint.RETRY_AFTER_MS,
            "h-date", RateLimitHint.RETRY_AFTER_DATE,
            "h-decimal", RateLimitHint.RETRY_AFTER_DECIMAL,
            "h-anthropic", RateLimitHint.ANTHROPIC_REQUESTS_RESET);
    try (PipelineFixture f =
        ordered(kafka, state, Provider.BEDROCK, PipelineFixture.MODEL).start()) {
      forms.forEach(
          (id, form) ->
              sim.inject(
                  FaultRule.forRequest(id)
                      .onAttempts(1)
                      .error(ErrorType.THROTTLING)
                      .retryAfter(HINT)
                      .hints(form)));

      // when: one after the other, so that no request meets the cool-down another's hint started
      Map<String, InferenceResult> results = new HashMap<>();
      for (String id : forms.keySet()) {
        f.submit(PipelineFixture.request(id));
        results.putAll(f.awaitResults(List.of(id), WAIT));
      }

      // then: parked, called again no earlier than the hint, two calls in all
      for (String id : forms.keySet()) {
        InferenceResult r = results.get(id);
        assertThat(r.getStatus()).as(id).isEqualTo(Status.SUCCEEDED);
        assertThat(outcomes(r)).as(id).containsExactly(Outcome.THROTTLED, Outcome.SUCCESS);
        assertThat(gap(r)).as(id + ": ms between calls").isGreaterThanOrEqualTo(1_900);
        assertThat(sim.stats().callsFor(id)).as(id).isEqualTo(2);
      }
    }
  }

  @Test
  void shouldTreatAnOverloadAsACapacitySignalNotABurstOfRetries(
      KafkaCluster kafka, @TempDir Path state) {
    try (PipelineFixture f = ordered(kafka, state, Provider.OPENAI, "gpt-4o-mini").start()) {
      // given: HTTP 529 overloaded_error once, with a reset hint in OpenAI's form
      sim.inject(
          FaultRule.forRequest("ov-1")
              .onAttempts(1)
              .error(ErrorType.OVERLOADED)
              .retryAfter(HINT)
              .hints(RateLimitHint.OPENAI_RESET_REQUESTS));

      // when
      f.submit(PipelineFixture.request("ov-1"));
      InferenceResult r = f.awaitResults(List.of("ov-1"), WAIT).get("ov-1");

      // then: no in-process retries; waited out like a throttle, answered on the primary
      assertThat(r.getStatus()).isEqualTo(Status.SUCCEEDED);
      assertThat(outcomes(r)).startsWith(Outcome.THROTTLED).endsWith(Outcome.SUCCESS);
      assertThat(outcomes(r)).doesNotContain(Outcome.TRANSIENT);
      assertThat(gap(r)).isGreaterThanOrEqualTo(1_900);
      assertThat(r.getServedBy().getRegion()).isEqualTo(PRIMARY);
      assertThat(sim.stats().endpoint(PRIMARY, "gpt-4o-mini").errors("OverloadedError"))
          .isEqualTo(1);
      assertThat(sim.stats().callsFor("ov-1")).isEqualTo(2);
    }
  }

  @Test
  void shouldGoDownTheChainAtOnceAndSkipTheCoolingEndpointWhenTheHintIsLong(
      KafkaCluster kafka, @TempDir Path state) {
    try (PipelineFixture f =
        fixture(kafka, state, Provider.BEDROCK, PipelineFixture.MODEL).start()) {
      // given: the primary asks for three hours
      sim.inject(
          FaultRule.any()
              .inRegion(PRIMARY)
              .error(ErrorType.THROTTLING)
              .retryAfter(Duration.ofHours(3)));

      // when
      f.submit(PipelineFixture.request("long-hint-1"));
      InferenceResult first = f.awaitResults(List.of("long-hint-1"), WAIT).get("long-hint-1");
      f.submit(PipelineFixture.request("long-hint-2"));
      InferenceResult second = f.awaitResults(List.of("long-hint-2"), WAIT).get("long-hint-2");

      // then: served by the second region at once; the primary was called once in all
      assertThat(first.getServedBy().getRegion()).isEqualTo(SECONDARY);
      assertThat(outcomes(first)).containsExactly(Outcome.THROTTLED, Outcome.SUCCESS);
      assertThat(second.getServedBy().getRegion()).isEqualTo(SECONDARY);
      assertThat(sim.stats().endpoint(PRIMARY, PipelineFixture.MODEL).requests()).isEqualTo(1);
      assertThat(sim.stats().callsFor("long-hint-2")).isEqualTo(1);
    }
  }
}
