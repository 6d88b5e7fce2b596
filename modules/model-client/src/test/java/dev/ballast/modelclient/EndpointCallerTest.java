package dev.ballast.modelclient;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ballast.schemas.ReasonCode;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class EndpointCallerTest {

  private static final Endpoint ENDPOINT = new Endpoint(Provider.BEDROCK, "m", "us-east-1", null);

  private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
  private final List<BreakerListener.State> transitions = new CopyOnWriteArrayList<>();

  @AfterEach
  void stop() {
    scheduler.shutdownNow();
  }

  /** A client whose answer to its n-th call (1-based) comes from {@code script}. */
  private static final class Scripted implements ModelClient {
    final List<Integer> attempts = new CopyOnWriteArrayList<>();
    final List<Duration> limits = new CopyOnWriteArrayList<>();
    private final Function<Integer, CompletableFuture<ModelResponse>> script;

    Scripted(Function<Integer, CompletableFuture<ModelResponse>> script) {
      this.script = script;
    }

    @Override
    public Endpoint endpoint() {
      return ENDPOINT;
    }

    @Override
    public CompletableFuture<ModelResponse> converse(ModelRequest request) {
      attempts.add(request.attempt());
      return script.apply(attempts.size());
    }

    @Override
    public CompletableFuture<ModelResponse> converse(ModelRequest request, Duration limit) {
      limits.add(limit);
      return converse(request);
    }

    @Override
    public void close() {}
  }

  private static CompletableFuture<ModelResponse> ok() {
    return CompletableFuture.completedFuture(
        new ModelResponse(ENDPOINT, "hi", null, "end_turn", 3, 2, Duration.ofMillis(1), "rid"));
  }

  private static CompletableFuture<ModelResponse> fail(FailureClass c, String code) {
    return CompletableFuture.failedFuture(
        new ModelCallException(
            ENDPOINT,
            1,
            new Failure(c, ReasonCode.valueOf(code), code + " message", code, 503, null),
            null));
  }

  private EndpointCaller caller(Scripted client, ResiliencePolicy policy) {
    return new EndpointCaller(
        client,
        policy,
        Duration.ofSeconds(30),
        scheduler,
        Clock.systemUTC(),
        (e, from, to, at) -> transitions.add(to));
  }

  private static ResiliencePolicy policy(int attempts, int minimumCalls, Duration openFor) {
    return new ResiliencePolicy(
        Duration.ofSeconds(5),
        Duration.ofMillis(10),
        attempts,
        new Backoff(Duration.ofMillis(1), Duration.ofMillis(2)),
        50,
        minimumCalls,
        Duration.ofSeconds(10),
        openFor,
        1);
  }

  private static CallReport await(CompletableFuture<CallReport> f) throws Exception {
    return f.get(10, TimeUnit.SECONDS);
  }

  @Test
  void shouldSendTheFirstAttemptOnTheCallingThreadBeforeCallReturns() throws Exception {
    // given: a call that stays out until the test answers it
    CompletableFuture<ModelResponse> answer = new CompletableFuture<>();
    List<Thread> sentOn = new CopyOnWriteArrayList<>();
    Scripted client =
        new Scripted(
            n -> {
              sentOn.add(Thread.currentThread());
              return answer;
            });
    EndpointCaller caller = caller(client, policy(3, 100, Duration.ofSeconds(5)));

    // when
    CompletableFuture<CallReport> report = caller.call(ModelRequest.of("r", "hello"));

    // then: sent in place, no hand-off to the scheduler's pool
    assertThat(sentOn).containsExactly(Thread.currentThread());
    assertThat(report).isNotDone();
    answer.complete(ok().join());
    assertThat(await(report).succeeded()).isTrue();
  }

  @Test
  void shouldRetryTransientFailuresAndRecordEveryCallWhenTheyPass() throws Exception {
    // given
    Scripted client =
        new Scripted(n -> n < 3 ? fail(FailureClass.TRANSIENT, "SERVICE_UNAVAILABLE") : ok());
    EndpointCaller caller = caller(client, policy(3, 100, Duration.ofSeconds(5)));

    // when
    CallReport report = await(caller.call(ModelRequest.of("r", "hello").withAttempt(4)));

    // then
    assertThat(report.succeeded()).isTrue();
    assertThat(client.attempts).containsExactly(4, 5, 6);
    assertThat(report.calls()).extracting(CallOutcome::attempt).containsExactly(4, 5, 6);
    assertThat(report.calls().get(0).failure().reasonCode())
        .isEqualTo(ReasonCode.SERVICE_UNAVAILABLE);
  }

  @Test
  void shouldGiveALongAnswerTimeForItsOutputAndNotHoldItsTimeoutAgainstTheEndpoint()
      throws Exception {
    // given: every call times out; the breaker would open on a single counted failure
    Scripted client = new Scripted(n -> fail(FailureClass.TIMEOUT, "CALL_TIMEOUT"));
    EndpointCaller caller = caller(client, policy(3, 1, Duration.ofSeconds(5)));

    // when: a call asking for 1,000 output tokens (5 s + 10 ms x 1,000 = 15 s)
    CallReport report =
        await(caller.call(ModelRequest.of("r", "write at length").withMaxTokens(1_000)));

    // then: one call with the longer limit, not retried, tied to the request, breaker closed
    assertThat(client.limits).containsExactly(Duration.ofSeconds(15));
    assertThat(report.calls()).hasSize(1);
    Failure f = report.calls().get(0).failure();
    assertThat(f.reasonCode()).isEqualTo(ReasonCode.ANSWER_TIMEOUT);
    assertThat(f.failureClass()).isEqualTo(FailureClass.REQUEST_ERROR);
    assertThat(f.message()).contains("1000 output tokens").contains("15000 ms");
    assertThat(caller.breakerState()).isEqualTo(BreakerListener.State.CLOSED);
    assertThat(transitions).isEmpty();
  }

  @Test
  void shouldCapACallsLimitAtTheStageTimeoutAndKeepThePlainLimitWithoutMaxTokens()
      throws Exception {
    // given
    Scripted client = new Scripted(n -> ok());
    EndpointCaller caller = caller(client, policy(1, 100, Duration.ofSeconds(5)));

    // when
    await(caller.call(ModelRequest.of("r", "huge").withMaxTokens(1_000_000)));
    await(caller.call(ModelRequest.of("r", "plain")));

    // then: 5 s + 10,000 s is capped at the 30 s stage timeout; no maxTokens: 5 s
    assertThat(client.limits).containsExactly(Duration.ofSeconds(30), Duration.ofSeconds(5));
  }

  @Test
  void shouldBoundTheCallByTheTimeLeftOfItsExchange() throws Exception {
    // given: an endpoint that never answers
    Scripted client = new Scripted(n -> new CompletableFuture<>());
    EndpointCaller caller = caller(client, policy(3, 100, Duration.ofSeconds(5)));

    // when: the exchange has 100 ms left
    CallReport report =
        await(
            caller.call(
                ModelRequest.of("r", "hello"),
                Admission.Lane.ONLINE,
                0,
                dev.ballast.modelclient.recovery.CallBudget.unlimited(1),
                Duration.ofMillis(100)));

    // then: the call's limit is the time left, and the call ends as a stage timeout
    assertThat(client.limits).containsExactly(Duration.ofMillis(100));
    assertThat(report.succeeded()).isFalse();
    assertThat(report.failure().reasonCode()).isEqualTo(ReasonCode.STAGE_TIMEOUT);
  }

  @Test
  void shouldCountAPlainTimeoutAgainstTheEndpoint() throws Exception {
    // given
    Scripted client = new Scripted(n -> fail(FailureClass.TIMEOUT, "CALL_TIMEOUT"));
    EndpointCaller caller = caller(client, policy(1, 1, Duration.ofSeconds(5)));

    // when
    CallReport report = await(caller.call(ModelRequest.of("r", "short")));

    // then
    assertThat(report.calls().get(0).failure().reasonCode()).isEqualTo(ReasonCode.CALL_TIMEOUT);
    assertThat(caller.breakerState()).isEqualTo(BreakerListener.State.OPEN);
  }

  @Test
  void shouldReportTheAnswerWhenItArrivesAfterTheCallReturned() throws Exception {
    // given: an answer that comes later, on another thread, through an admission
    CompletableFuture<ModelResponse> later = new CompletableFuture<>();
    Scripted client = new Scripted(n -> later);
    EndpointCaller caller =
        new EndpointCaller(
            client,
            policy(1, 100, Duration.ofSeconds(5)),
            Duration.ofSeconds(30),
            scheduler,
            Clock.systemUTC(),
            BreakerListener.NONE,
            new Admission(Admission.Limits.UNLIMITED, scheduler, System::nanoTime));

    // when
    CompletableFuture<CallReport> report =
        caller.call(ModelRequest.of("r", "hello"), Admission.Lane.ONLINE, 10);
    later.complete(ok().join());

    // then
    assertThat(await(report).succeeded()).isTrue();
    assertThat(await(report).calls()).hasSize(1);
  }

  @Test
  void shouldNotRetryWhenFailureIsNotTransient() throws Exception {
    // given
    Scripted client = new Scripted(n -> fail(FailureClass.UNAVAILABLE, "ACCESS_DENIED"));
    EndpointCaller caller = caller(client, policy(3, 100, Duration.ofSeconds(5)));

    // when
    CallReport report = await(caller.call(ModelRequest.of("r", "hello")));

    // then
    assertThat(report.succeeded()).isFalse();
    assertThat(report.failure().reasonCode()).isEqualTo(ReasonCode.ACCESS_DENIED);
    assertThat(client.attempts).containsExactly(1);
  }

  @Test
  void shouldReportTheFailureWhenRetriesAreOff() throws Exception {
    // given
    Scripted client = new Scripted(n -> fail(FailureClass.UNAVAILABLE, "ACCESS_DENIED"));
    EndpointCaller caller = caller(client, policy(1, 100, Duration.ofSeconds(5)));

    // when
    CallReport report = await(caller.call(ModelRequest.of("r", "hello")));

    // then
    assertThat(report.failure().reasonCode()).isEqualTo(ReasonCode.ACCESS_DENIED);
    assertThat(client.attempts).containsExactly(1);
  }

  @Test
  void shouldOpenAndSkipTheEndpointWhenFailureRateIsReached() throws Exception {
    // given
    Scripted client = new Scripted(n -> fail(FailureClass.TRANSIENT, "SERVICE_UNAVAILABLE"));
    EndpointCaller caller = caller(client, policy(1, 4, Duration.ofSeconds(60)));

    // when
    for (int i = 0; i < 4; i++) {
      await(caller.call(ModelRequest.of("r" + i, "hello")));
    }
    CallReport skipped = await(caller.call(ModelRequest.of("r-skipped", "hello")));

    // then
    assertThat(caller.breakerState()).isEqualTo(BreakerListener.State.OPEN);
    assertThat(transitions).containsExactly(BreakerListener.State.OPEN);
    assertThat(client.attempts).hasSize(4);
    assertThat(skipped.failure().reasonCode()).isEqualTo(ReasonCode.BREAKER_OPEN);
    assertThat(skipped.failure().failureClass()).isEqualTo(FailureClass.UNAVAILABLE);
    assertThat(skipped.calls()).singleElement().satisfies(c -> assertThat(c.latencyMs()).isZero());
  }

  @Test
  void shouldCloseAfterASuccessfulProbeWhenOpenDurationPassed() throws Exception {
    // given
    boolean[] healthy = {false};
    Scripted client =
        new Scripted(n -> healthy[0] ? ok() : fail(FailureClass.TRANSIENT, "SERVICE_UNAVAILABLE"));
    EndpointCaller caller = caller(client, policy(1, 2, Duration.ofMillis(200)));
    await(caller.call(ModelRequest.of("a", "hello")));
    await(caller.call(ModelRequest.of("b", "hello")));
    assertThat(caller.breakerState()).isEqualTo(BreakerListener.State.OPEN);

    // when: the endpoint recovers and the open duration passes
    healthy[0] = true;
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    CallReport probe;
    do {
      probe = await(caller.call(ModelRequest.of("probe", "hello")));
    } while (!probe.succeeded() && System.nanoTime() < deadline);

    // then
    assertThat(probe.succeeded()).isTrue();
    assertThat(caller.breakerState()).isEqualTo(BreakerListener.State.CLOSED);
    assertThat(transitions)
        .containsExactly(
            BreakerListener.State.OPEN,
            BreakerListener.State.HALF_OPEN,
            BreakerListener.State.CLOSED);
  }
}
