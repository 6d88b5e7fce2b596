package dev.ballast.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ballast.modelclient.BreakerListener;
import dev.ballast.modelclient.ChainRouting;
import dev.ballast.modelclient.Credentials;
import dev.ballast.modelclient.Endpoint;
import dev.ballast.modelclient.Provider;
import dev.ballast.schemas.Attempt;
import dev.ballast.schemas.Degradation;
import dev.ballast.schemas.InferenceRequest;
import dev.ballast.schemas.InferenceResult;
import dev.ballast.schemas.Message;
import dev.ballast.schemas.Outcome;
import dev.ballast.schemas.Role;
import dev.ballast.schemas.Status;
import dev.ballast.simulator.ErrorType;
import dev.ballast.simulator.FaultRule;
import dev.ballast.simulator.RegionConfig;
import dev.ballast.simulator.Scenario;
import dev.ballast.simulator.Simulator;
import dev.ballast.testkit.Await;
import dev.ballast.testkit.KafkaCluster;
import dev.ballast.testkit.KafkaExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every failure class routed as ARCHITECTURE.md §3 says, through the real broker, the real AWS SDK
 * and a two-region simulator with deterministic faults.
 */
@ExtendWith(KafkaExtension.class)
class ResilienceIT {

  /** Outcomes an attempt can end in without the model having answered it. */
  private static final Set<Outcome> CLIENT_SIDE =
      Set.of(Outcome.TIMEOUT, Outcome.TRANSIENT, Outcome.UNKNOWN);

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

  /** A two-region route with fast test settings, capacity-aware. */
  private PipelineFixture fixture(KafkaCluster kafka, Path state, Map<String, Object> overrides) {
    return fixture(kafka, state, overrides, ChainRouting.CAPACITY);
  }

  /**
   * A two-region route walked in order: a throttled request waits for its endpoint in the delay
   * topics, as the tests of parking need.
   */
  private PipelineFixture ordered(KafkaCluster kafka, Path state, Map<String, Object> overrides) {
    return fixture(kafka, state, overrides, ChainRouting.ORDERED);
  }

  private PipelineFixture fixture(
      KafkaCluster kafka, Path state, Map<String, Object> overrides, ChainRouting routing) {
    return new PipelineFixture(
        kafka,
        sim,
        state,
        b -> {
          b.put(ConfigKeys.THROTTLE_BACKOFF_BASE, "100ms")
              .put(ConfigKeys.THROTTLE_BACKOFF_MAX, "300ms")
              .put(ConfigKeys.RETRY_BACKOFF_BASE, "10ms")
              .put(ConfigKeys.RETRY_BACKOFF_MAX, "20ms")
              .put(ConfigKeys.RETRY_TIERS, List.of("100ms", "1s"))
              .route(
                  new RouteConfig("default", List.of(endpoint(PRIMARY), endpoint(SECONDARY)))
                      .withRouting(routing));
          overrides.forEach(b::put);
          return b;
        });
  }

  private EndpointConfig endpoint(String region) {
    return new EndpointConfig(
        new Endpoint(Provider.BEDROCK, PipelineFixture.MODEL, region, sim.uri(region)),
        Credentials.NONE);
  }

  /** A conversation whose first turn is long enough to be cut in half. */
  private static InferenceRequest longConversation(String id) {
    String document = "The quarterly report lists revenue, costs and staff by region. ".repeat(80);
    return InferenceRequest.newBuilder(PipelineFixture.request(id))
        .setMessages(
            List.of(
                new Message(Role.USER, "Summarize this document: " + document),
                new Message(Role.ASSISTANT, "It reports revenue, costs and staff by region."),
                new Message(Role.USER, "Which region grew fastest?")))
        .build();
  }

  private static List<Outcome> outcomes(InferenceResult r) {
    return r.getAttempts().stream().map(Attempt::getOutcome).toList();
  }

  @Test
  void shouldSucceedAfterDelayTopicWhenThrottledTwice(KafkaCluster kafka, @TempDir Path state) {
    try (PipelineFixture f = ordered(kafka, state, Map.of()).start()) {
      // given
      sim.inject(FaultRule.forRequest("throttled-1").onAttempts(1, 2).error(ErrorType.THROTTLING));

      // when
      f.submit(PipelineFixture.request("throttled-1"));
      InferenceResult r = f.awaitResults(List.of("throttled-1"), WAIT).get("throttled-1");

      // then
      assertThat(r.getStatus()).isEqualTo(Status.SUCCEEDED);
      assertThat(outcomes(r))
          .containsExactly(Outcome.THROTTLED, Outcome.THROTTLED, Outcome.SUCCESS);
      assertThat(r.getServedBy().getRegion()).isEqualTo(PRIMARY);
      assertThat(countRecords(f, f.config.topics().retry(Duration.ofMillis(100)).name()))
          .isEqualTo(2);
    }
  }

  @Test
  void shouldStopAtTheCallBudgetWhenEveryCallFailsAcrossParksAndFallbacks(
      KafkaCluster kafka, @TempDir Path state) {
    try (PipelineFixture f =
        ordered(
                kafka,
                state,
                Map.of(ConfigKeys.THROTTLE_MAX_ATTEMPTS, 3, ConfigKeys.CALLS_PER_REQUEST_MAX, 6))
            .start()) {
      // given: every call of this request is throttled, in both regions
      sim.inject(FaultRule.forRequest("budget-1").error(ErrorType.THROTTLING));

      // when
      f.submit(PipelineFixture.request("budget-1"));
      InferenceResult r = f.awaitResults(List.of("budget-1"), WAIT).get("budget-1");

      // then: 4 calls on the primary (3 parks), 2 on the secondary, then the budget says stop
      assertThat(r.getStatus()).isEqualTo(Status.FAILED);
      assertThat(r.getError().getCode()).isEqualTo("CALL_BUDGET_EXHAUSTED");
      assertThat(r.getError().getMessage()).contains("all 6 of its model calls");
      assertThat(outcomes(r)).hasSize(6).containsOnly(Outcome.THROTTLED);
      assertThat(r.getAttempts().stream().map(Attempt::getEndpoint).distinct()).hasSize(2);
      assertThat(sim.stats().callsFor("budget-1")).isEqualTo(6);
      assertThat(sim.stats().region(PRIMARY).requests()).isEqualTo(4);
      assertThat(sim.stats().region(SECONDARY).requests()).isEqualTo(2);
    }
  }

  @Test
  void shouldAnswerOnceWithoutAnotherCallWhenACopyArrivesWhileParkedOrInFallback(
      KafkaCluster kafka, @TempDir Path state) {
    try (PipelineFixture f = ordered(kafka, state, Map.of()).start()) {
      // given: a request parked for 3 s
      sim.inject(
          FaultRule.forRequest("dup-1")
              .onAttempts(1)
              .error(ErrorType.THROTTLING)
              .retryAfter(Duration.ofSeconds(3)));
      f.submit(PipelineFixture.request("dup-1"));
      Await.until(WAIT, "the first call", () -> sim.stats().callsFor("dup-1") == 1);

      // when: the client sends it again
      f.submit(PipelineFixture.request("dup-1"));
      Await.until(WAIT, "the copy seen", () -> f.pipeline().metrics().duplicates.sum() == 1);
      InferenceResult parked = f.awaitResults(List.of("dup-1"), WAIT).get("dup-1");

      // then: one result, and no call for the copy
      assertThat(parked.getStatus()).isEqualTo(Status.SUCCEEDED);
      assertThat(f.allResults().get("dup-1")).hasSize(1);
      assertThat(sim.stats().callsFor("dup-1")).isEqualTo(2);

      // given: a request in the fallback stage for 3 s
      sim.inject(FaultRule.forRequest("dup-2").inRegion(PRIMARY).error(ErrorType.ACCESS_DENIED));
      sim.inject(FaultRule.forRequest("dup-2").inRegion(SECONDARY).delay(Duration.ofSeconds(3)));
      f.submit(PipelineFixture.request("dup-2"));
      Await.until(WAIT, "the fallback call", () -> sim.stats().callsFor("dup-2") == 2);

      // when
      f.submit(PipelineFixture.request("dup-2"));
      Await.until(WAIT, "the copy seen", () -> f.pipeline().metrics().duplicates.sum() == 2);
      InferenceResult fallback = f.awaitResults(List.of("dup-2"), WAIT).get("dup-2");

      // then
      assertThat(fallback.getStatus()).isEqualTo(Status.DEGRADED);
      assertThat(f.allResults().get("dup-2")).hasSize(1);
      assertThat(sim.stats().callsFor("dup-2")).isEqualTo(2);
    }
  }

  @Test
  void shouldFailATooLargeRequestAtIntakeAndServeTheNextOneWhenCloseToTheProducersLimit(
      KafkaCluster kafka, @TempDir Path state) {
    try (PipelineFixture f =
        new PipelineFixture(
                kafka,
                sim,
                state,
                b ->
                    b.stream("producer.max.request.size", 200_000)
                        .route(new RouteConfig("default", List.of(endpoint(PRIMARY)))))
            .start()) {
      // given: a request a few hundred bytes under the producer's limit, on an unknown route
      InferenceRequest huge =
          InferenceRequest.newBuilder(PipelineFixture.request("huge-1"))
              .setRoute("no-such-route")
              .setMessages(List.of(new Message(Role.USER, "x".repeat(199_000))))
              .build();

      // when
      f.submit(huge);
      f.submit(PipelineFixture.request("after-huge"));
      Map<String, InferenceResult> r = f.awaitResults(List.of("huge-1", "after-huge"), WAIT);

      // then: a precise reason, no call, and the partition moves on
      assertThat(r.get("huge-1").getStatus()).isEqualTo(Status.FAILED);
      assertThat(r.get("huge-1").getError().getCode()).isEqualTo("REQUEST_TOO_LARGE");
      assertThat(r.get("huge-1").getError().getMessage()).contains("at most 134464 fit");
      assertThat(sim.stats().callsFor("huge-1")).isZero();
      assertThat(r.get("after-huge").getStatus()).isEqualTo(Status.SUCCEEDED);
      assertThat(PipelineIT.readDlq(f, 1).get(0).key()).isEqualTo("huge-1");
    }
  }

  @Test
  void shouldKeepTheBreakerClosedWhenModelErrorsAreTiedToRequests(
      KafkaCluster kafka, @TempDir Path state) {
    try (PipelineFixture f =
        fixture(kafka, state, Map.of(ConfigKeys.BREAKER_MINIMUM_CALLS, 3)).start()) {
      // given: the primary's model fails on these requests' content, every time
      sim.inject(FaultRule.forRequestPrefix("me-").inRegion(PRIMARY).error(ErrorType.MODEL_ERROR));
      List<String> failing = IntStream.range(0, 6).mapToObj(i -> "me-" + i).toList();

      // when
      failing.forEach(id -> f.submit(PipelineFixture.request(id)));
      Map<String, InferenceResult> r = f.awaitResults(failing, WAIT);
      List<String> plain = IntStream.range(0, 3).mapToObj(i -> "plain-" + i).toList();
      plain.forEach(id -> f.submit(PipelineFixture.request(id)));
      Map<String, InferenceResult> after = f.awaitResults(plain, WAIT);

      // then: one call each on the primary (no in-process retry), served by the next endpoint,
      // and the primary still serves everyone else
      assertThat(failing)
          .allSatisfy(
              id -> {
                assertThat(r.get(id).getServedBy().getRegion()).isEqualTo(SECONDARY);
                // A transient fault of a busy machine may come first; the model error itself is
                // never retried on the primary: the next call goes to the secondary.
                List<Outcome> o = outcomes(r.get(id));
                assertThat(o.subList(o.size() - 2, o.size()))
                    .containsExactly(Outcome.REQUEST_ERROR, Outcome.SUCCESS);
                assertThat(o).containsOnlyOnce(Outcome.REQUEST_ERROR);
                // No call goes unrecorded (a hidden retry would exceed the attempts). An attempt
                // that failed on the client's side (timed out, or its connection failed or was
                // cancelled: TIMEOUT, TRANSIENT) may have ended before reaching the simulator.
                long answered = o.stream().filter(x -> !CLIENT_SIDE.contains(x)).count();
                assertThat(sim.stats().callsFor(id)).isBetween(answered, (long) o.size());
              });
      assertThat(after.values())
          .allSatisfy(res -> assertThat(res.getServedBy().getRegion()).isEqualTo(PRIMARY));
      assertThat(f.pipeline().breakerEvents()).isEmpty();
    }
  }

  @Test
  void shouldGoDownTheChainAtOnceAndSkipTheCoolingEndpointWhenTheHintIsHours(
      KafkaCluster kafka, @TempDir Path state) {
    try (PipelineFixture f = fixture(kafka, state, Map.of()).start()) {
      // given: the primary throttles everything and asks for 3 hours
      sim.inject(
          FaultRule.any()
              .inRegion(PRIMARY)
              .error(ErrorType.THROTTLING)
              .retryAfter(Duration.ofHours(3)));

      // when
      f.submit(PipelineFixture.request("long-0"));
      InferenceResult first = f.awaitResults(List.of("long-0"), WAIT).get("long-0");
      List<String> more = IntStream.range(1, 5).mapToObj(i -> "long-" + i).toList();
      more.forEach(id -> f.submit(PipelineFixture.request(id)));
      Map<String, InferenceResult> rest = f.awaitResults(more, WAIT);

      // then: served by the second region at once, and only the first request paid a primary call
      assertThat(first.getServedBy().getRegion()).isEqualTo(SECONDARY);
      assertThat(outcomes(first)).containsExactly(Outcome.THROTTLED, Outcome.SUCCESS);
      assertThat(first.getLatencyMs()).isLessThan(30_000);
      assertThat(first.getServedBy().getRouting())
          .isEqualTo("ROOM: THROTTLED on the primary; endpoint 1 of the chain had room");
      // the others skip the cooling primary without a call or an attempt there
      assertThat(rest.values())
          .allSatisfy(
              r -> {
                assertThat(r.getServedBy().getRegion()).isEqualTo(SECONDARY);
                assertThat(r.getServedBy().getRouting())
                    .isEqualTo("SKIPPED: the primary is cooling down");
                assertThat(r.getAttempts())
                    .extracting(Attempt::getEndpoint)
                    .allMatch(e -> e.endsWith("@" + SECONDARY));
              });
      assertThat(sim.stats().region(PRIMARY).requests()).isEqualTo(1);
    }
  }

  @Test
  void shouldFallBackWhenThrottledPastMaxAttempts(KafkaCluster kafka, @TempDir Path state) {
    try (PipelineFixture f =
        ordered(kafka, state, Map.of(ConfigKeys.THROTTLE_MAX_ATTEMPTS, 2)).start()) {
      // given
      sim.inject(FaultRule.forRequest("throttled-2").inRegion(PRIMARY).error(ErrorType.THROTTLING));

      // when
      f.submit(PipelineFixture.request("throttled-2"));
      InferenceResult r = f.awaitResults(List.of("throttled-2"), WAIT).get("throttled-2");

      // then
      assertThat(r.getStatus()).isEqualTo(Status.DEGRADED);
      assertThat(r.getDegradations()).containsExactly(Degradation.FALLBACK_MODEL);
      assertThat(outcomes(r))
          .containsExactly(
              Outcome.THROTTLED, Outcome.THROTTLED, Outcome.THROTTLED, Outcome.SUCCESS);
      assertThat(r.getAttempts().get(3).getEndpoint()).endsWith("@" + SECONDARY);
      assertThat(r.getServedBy().getRegion()).isEqualTo(SECONDARY);
      assertThat(r.getError().getCode()).isEqualTo("THROTTLED");
    }
  }

  @Test
  void shouldOpenBreakerFallBackAndReturnToPrimaryWhenA503StormPasses(
      KafkaCluster kafka, @TempDir Path state) {
    try (PipelineFixture f =
        fixture(
                kafka,
                state,
                Map.of(
                    ConfigKeys.RETRY_MAX_ATTEMPTS, 1,
                    ConfigKeys.BREAKER_MINIMUM_CALLS, 5,
                    ConfigKeys.BREAKER_OPEN_DURATION, "3s",
                    ConfigKeys.BREAKER_PROBES, 2))
            .start()) {
      // given: the primary region answers 503 to everything
      sim.inject(FaultRule.any().inRegion(PRIMARY).error(ErrorType.SERVICE_UNAVAILABLE));
      List<String> first = IntStream.range(0, 10).mapToObj(i -> "storm-" + i).toList();
      List<String> second = IntStream.range(10, 30).mapToObj(i -> "storm-" + i).toList();

      // when: a first wave opens the breaker, a second one follows while it is open
      first.forEach(id -> f.submit(PipelineFixture.request(id)));
      Map<String, InferenceResult> during = new java.util.HashMap<>(f.awaitResults(first, WAIT));
      long primaryCallsAfterFirstWave = sim.stats().region(PRIMARY).requests();
      second.forEach(id -> f.submit(PipelineFixture.request(id)));
      during.putAll(f.awaitResults(second, WAIT));

      // then: everyone was served by the secondary; the second wave never touched the primary
      assertThat(during.values())
          .hasSize(30)
          .allSatisfy(
              r -> {
                assertThat(r.getStatus()).isEqualTo(Status.DEGRADED);
                assertThat(r.getServedBy().getRegion()).isEqualTo(SECONDARY);
                assertThat(r.getDegradations()).contains(Degradation.FALLBACK_MODEL);
              });
      assertThat(f.pipeline().breakerEvents())
          .anySatisfy(e -> assertThat(e.to()).isEqualTo(BreakerListener.State.OPEN));
      // the second wave skipped the primary: no call, no attempt there
      assertThat(second)
          .allSatisfy(
              id -> {
                assertThat(during.get(id).getServedBy().getRouting())
                    .isEqualTo("SKIPPED: the primary has its breaker open");
                assertThat(during.get(id).getAttempts())
                    .extracting(Attempt::getEndpoint)
                    .allMatch(e -> e.endsWith("@" + SECONDARY));
              });
      assertThat(sim.stats().region(PRIMARY).requests()).isEqualTo(primaryCallsAfterFirstWave);

      // when: the primary recovers
      sim.clearFaults();
      long recovered = System.currentTimeMillis();
      List<String> after = new ArrayList<>();
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
                && f.pipeline().breakerEvents().stream()
                    .anyMatch(e -> e.to() == BreakerListener.State.CLOSED);
          });

      // then: half-open probes brought it back within about the open duration
      assertThat(last[0].getStatus()).isEqualTo(Status.SUCCEEDED);
      BreakerEvent closed =
          f.pipeline().breakerEvents().stream()
              .filter(e -> e.to() == BreakerListener.State.CLOSED)
              .findFirst()
              .orElseThrow();
      assertThat(closed.endpoint()).endsWith("@" + PRIMARY);
      assertThat(closed.atMs() - recovered).isLessThan(10_000);
    }
  }

  @Test
  void shouldServeCachedAnswerWhenTimingOutAfterShorterContext(
      KafkaCluster kafka, @TempDir Path state) {
    try (PipelineFixture f =
        fixture(
                kafka,
                state,
                Map.of(ConfigKeys.CALL_TIMEOUT, "300ms", ConfigKeys.RETRY_MAX_ATTEMPTS, 1))
            .start()) {
      // given: the same question, with history that can be shortened, answered once
      f.submit(longConversation("warm-1"));
      InferenceResult warm = f.awaitResults(List.of("warm-1"), WAIT).get("warm-1");
      assertThat(warm.getStatus()).isEqualTo(Status.SUCCEEDED);
      sim.inject(FaultRule.forRequest("slow-1").delay(Duration.ofSeconds(3)));

      // when
      f.submit(longConversation("slow-1"));
      InferenceResult r = f.awaitResults(List.of("slow-1"), WAIT).get("slow-1");

      // then
      assertThat(r.getStatus()).isEqualTo(Status.DEGRADED);
      assertThat(r.getDegradations())
          .containsExactly(Degradation.SHORTER_CONTEXT, Degradation.CACHED);
      assertThat(outcomes(r)).containsExactly(Outcome.TIMEOUT, Outcome.TIMEOUT);
      assertThat(r.getText()).isEqualTo(warm.getText());
      assertThat(r.getError().getCode()).isEqualTo("CACHED");
      assertThat(f.pipeline().metrics().cacheServed.sum()).isPositive();
    }
  }

  @Test
  void shouldFailAndDeadLetterWithoutRetryWhenRequestIsRejected(
      KafkaCluster kafka, @TempDir Path state) {
    try (PipelineFixture f = fixture(kafka, state, Map.of()).start()) {
      // given
      sim.inject(FaultRule.forRequest("bad-1").error(ErrorType.VALIDATION));

      // when
      f.submit(PipelineFixture.request("bad-1"));
      InferenceResult r = f.awaitResults(List.of("bad-1"), WAIT).get("bad-1");

      // then
      assertThat(r.getStatus()).isEqualTo(Status.FAILED);
      assertThat(r.getError().getCode()).isEqualTo("REQUEST_REJECTED");
      assertThat(outcomes(r)).containsExactly(Outcome.PERMANENT);
      assertThat(sim.stats().callsFor("bad-1")).isEqualTo(1);
      assertThat(PipelineIT.readDlq(f, 1).get(0).key()).isEqualTo("bad-1");
    }
  }

  @Test
  void shouldSucceedWhenRedrivenAfterAFailure(KafkaCluster kafka, @TempDir Path state) {
    try (PipelineFixture f =
        new PipelineFixture(
                kafka,
                sim,
                state,
                b -> b.route(new RouteConfig("default", List.of(endpoint(PRIMARY)))))
            .start()) {
      // given: a request that failed once, and another failure of another reason
      sim.inject(FaultRule.forRequest("redrive-1").times(1).error(ErrorType.ACCESS_DENIED));
      sim.inject(FaultRule.forRequest("redrive-2").error(ErrorType.VALIDATION));
      f.submit(PipelineFixture.request("redrive-1"));
      f.submit(PipelineFixture.request("redrive-2"));
      Map<String, InferenceResult> first = f.awaitResults(List.of("redrive-1", "redrive-2"), WAIT);
      assertThat(first.get("redrive-1").getStatus()).isEqualTo(Status.FAILED);
      PipelineIT.readDlq(f, 2);

      // when
      DeadLetters.Report report =
          DeadLetters.redrive(
              kafka.bootstrapServers(),
              f.config.topics(),
              new DeadLetters.Filter(java.util.Set.of("ACCESS_DENIED"), null, null),
              "redrive-" + System.nanoTime(),
              false,
              false,
              Map.of());

      // then
      assertThat(report.scanned()).isEqualTo(2);
      assertThat(report.redriven()).isEqualTo(1);
      assertThat(report.byReason()).containsExactly(Map.entry("ACCESS_DENIED", 1L));
      Await.until(
          WAIT,
          "a second result for redrive-1",
          () -> {
            f.awaitResults(List.of("redrive-1"), WAIT);
            return f.allResults().get("redrive-1").size() == 2;
          });
      InferenceResult again = f.allResults().get("redrive-1").get(1);
      assertThat(again.getStatus()).isEqualTo(Status.SUCCEEDED);
      assertThat(f.allResults().get("redrive-2")).hasSize(1);
    }
  }

  @Test
  void shouldFallBackToAnOpenAiCompatibleProviderWhenBedrockDeniesAccess(
      KafkaCluster kafka, @TempDir Path state) {
    try (PipelineFixture f =
        new PipelineFixture(
                kafka,
                sim,
                state,
                b ->
                    b.route(
                        new RouteConfig(
                            "default",
                            List.of(
                                endpoint(PRIMARY),
                                new EndpointConfig(
                                    new Endpoint(
                                        Provider.OPENAI,
                                        "gpt-4o-mini",
                                        "global",
                                        sim.uri(SECONDARY)),
                                    Credentials.NONE)))))
            .start()) {
      // given
      sim.inject(FaultRule.any().inRegion(PRIMARY).error(ErrorType.ACCESS_DENIED));

      // when
      f.submit(PipelineFixture.request("switch-1"));
      InferenceResult r = f.awaitResults(List.of("switch-1"), WAIT).get("switch-1");

      // then
      assertThat(r.getStatus()).isEqualTo(Status.DEGRADED);
      assertThat(r.getServedBy().getProvider()).isEqualTo("openai");
      assertThat(r.getServedBy().getModel()).isEqualTo("gpt-4o-mini");
      assertThat(r.getText()).isNotBlank();
      assertThat(r.getUsage().getOutputTokens()).isPositive();
      assertThat(outcomes(r)).containsExactly(Outcome.UNAVAILABLE, Outcome.SUCCESS);
      assertThat(r.getError().getCode()).isEqualTo("ACCESS_DENIED");
    }
  }

  @Test
  void shouldAnswerEveryParkedRequestOnceWhenRestartedWhileParked(
      KafkaCluster kafka, @TempDir Path state) {
    List<String> ids = IntStream.range(0, 20).mapToObj(i -> "parked-" + i).toList();
    PipelineFixture f =
        ordered(
            kafka,
            state,
            Map.of(
                ConfigKeys.THROTTLE_BACKOFF_BASE, "3s",
                ConfigKeys.THROTTLE_BACKOFF_MAX, "3s",
                ConfigKeys.RETRY_TIERS, List.of("1s")));
    try (f) {
      // given: every request throttled once, so all of them get parked. The first call of each
      // that reaches the simulator, not attempt 1: an attempt can fail on the client's side (a
      // connection cancelled as the pipeline starts) and never reach it.
      ids.forEach(id -> sim.inject(FaultRule.forRequest(id).times(1).error(ErrorType.THROTTLING)));
      f.start();
      ids.forEach(id -> f.submit(PipelineFixture.request(id)));
      Await.until(
          WAIT,
          "20 parked requests",
          // In-memory counters also count work of transactions a rebalance aborted: at least 20.
          () -> f.pipeline().metrics().parked.sum() >= 20,
          () ->
              "metrics "
                  + f.pipeline().metrics().snapshot()
                  + ", simulator "
                  + sim.stats().total());

      // when: the pipeline stops while they are parked, and starts again
      f.stop();
      f.start();
      Map<String, InferenceResult> results = f.awaitResults(ids, WAIT);

      // then
      assertThat(results.values())
          .allSatisfy(r -> assertThat(r.getStatus()).isEqualTo(Status.SUCCEEDED));
      f.stop();
      assertThat(f.committedResultCounts())
          .hasSize(20)
          .allSatisfy((id, n) -> assertThat(n).isEqualTo(1));
    }
  }

  static long countRecords(PipelineFixture f, String topic) {
    try (KafkaConsumer<byte[], byte[]> c =
        new KafkaConsumer<>(
            f.kafka.clientProperties(
                Map.of(
                    "group.id",
                    "count-" + System.nanoTime(),
                    "auto.offset.reset",
                    "earliest",
                    "isolation.level",
                    "read_committed")),
            new ByteArrayDeserializer(),
            new ByteArrayDeserializer())) {
      // Read to the end offsets (the last stable offsets under read_committed), not until idle.
      List<TopicPartition> partitions =
          c.partitionsFor(topic).stream()
              .map(p -> new TopicPartition(topic, p.partition()))
              .toList();
      c.assign(partitions);
      c.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = c.endOffsets(partitions);
      long[] n = {0};
      Await.until(
          Duration.ofSeconds(20),
          "records of " + topic,
          () -> {
            n[0] += c.poll(Duration.ofMillis(100)).count();
            return partitions.stream().allMatch(tp -> c.position(tp) >= end.get(tp));
          });
      return n[0];
    }
  }
}
