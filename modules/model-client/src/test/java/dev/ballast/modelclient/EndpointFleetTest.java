package dev.ballast.modelclient;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ballast.modelclient.BreakerListener.State;
import dev.ballast.modelclient.FleetLink.Verdict;
import dev.ballast.schemas.ReasonCode;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** An endpoint linked to a fleet: it asks before each call and tells what it sees. */
class EndpointFleetTest {

  private static final Endpoint ENDPOINT = new Endpoint(Provider.BEDROCK, "m", "us-east-1", null);

  private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();

  @AfterEach
  void stop() {
    scheduler.shutdownNow();
  }

  /** A fleet whose verdict is set by the test, recording what it is told. */
  private static final class Link implements FleetLink {
    final AtomicReference<Verdict> verdict = new AtomicReference<>(Verdict.CALL);
    final Map<Endpoint, EndpointControl> controls = new ConcurrentHashMap<>();
    final List<State> changes = new CopyOnWriteArrayList<>();
    final List<Duration> throttles = new CopyOnWriteArrayList<>();

    @Override
    public void attach(Endpoint endpoint, EndpointControl control) {
      controls.put(endpoint, control);
    }

    @Override
    public boolean probeDue(Endpoint endpoint) {
      return verdict.get() == Verdict.PROBE;
    }

    @Override
    public Verdict verdict(Endpoint endpoint) {
      return verdict.get();
    }

    @Override
    public void breakerChanged(Endpoint endpoint, State to, long atMs) {
      changes.add(to);
    }

    @Override
    public void throttled(Endpoint endpoint, Duration retryAfter, long atMs) {
      throttles.add(retryAfter);
    }
  }

  private static final class Client implements ModelClient {
    final AtomicInteger calls = new AtomicInteger();
    volatile Failure failure;

    @Override
    public Endpoint endpoint() {
      return ENDPOINT;
    }

    @Override
    public CompletableFuture<ModelResponse> converse(ModelRequest request) {
      calls.incrementAndGet();
      Failure f = failure;
      return f != null
          ? CompletableFuture.failedFuture(new ModelCallException(ENDPOINT, 1, f, null))
          : CompletableFuture.completedFuture(
              new ModelResponse(ENDPOINT, "hi", null, "end_turn", 3, 2, Duration.ZERO, "rid"));
    }

    @Override
    public void close() {}
  }

  private final Client client = new Client();
  private final Link link = new Link();
  private final Admission admission =
      new Admission(new Admission.Limits(60, 6_000, 10, 0), null, System::nanoTime);

  private EndpointCaller linkedCaller() {
    ResiliencePolicy policy =
        new ResiliencePolicy(
            Duration.ofSeconds(5),
            Duration.ZERO,
            1,
            new Backoff(Duration.ofMillis(1), Duration.ofMillis(2)),
            50,
            100,
            Duration.ofSeconds(10),
            Duration.ofMinutes(5),
            3);
    EndpointCaller caller =
        new EndpointCaller(
            client,
            policy,
            Duration.ofSeconds(30),
            scheduler,
            Clock.systemUTC(),
            BreakerListener.NONE,
            admission);
    caller.link(link);
    return caller;
  }

  private static CallReport await(CompletableFuture<CallReport> f) throws Exception {
    return f.get(10, TimeUnit.SECONDS);
  }

  @Test
  void shouldNotCallWhenTheFleetRefuses() throws Exception {
    // given
    EndpointCaller caller = linkedCaller();
    link.verdict.set(Verdict.REFUSE);

    // when
    CallReport report = await(caller.call(ModelRequest.of("r", "hello")));

    // then: not sent, as a breaker rejection the recovery plan sends down the chain
    assertThat(client.calls).hasValue(0);
    assertThat(report.calls()).hasSize(1);
    assertThat(report.calls().get(0).failure().reasonCode()).isEqualTo(ReasonCode.BREAKER_OPEN);
    assertThat(report.calls().get(0).failure().failureClass()).isEqualTo(FailureClass.UNAVAILABLE);
  }

  @Test
  void shouldCloseTheBreakerAfterOneSuccessfulProbeWhenTheFleetForcedItOpen() throws Exception {
    // given: the fleet forced the breaker open (three probes would close it alone)
    EndpointCaller caller = linkedCaller();
    link.controls.get(ENDPOINT).forceBreaker(State.OPEN);

    // when: the fleet grants this instance the probe
    link.verdict.set(Verdict.PROBE);
    CallReport report = await(caller.call(ModelRequest.of("r", "hello")));

    // then: one call, and the closed breaker is told to the fleet
    assertThat(report.succeeded()).isTrue();
    assertThat(client.calls).hasValue(1);
    assertThat(caller.breakerState()).isEqualTo(State.CLOSED);
    assertThat(link.changes).containsExactly(State.OPEN, State.HALF_OPEN, State.CLOSED);
  }

  @Test
  void shouldReopenWhenTheProbeFails() throws Exception {
    // given
    EndpointCaller caller = linkedCaller();
    link.controls.get(ENDPOINT).forceBreaker(State.OPEN);
    client.failure =
        new Failure(
            FailureClass.TRANSIENT,
            ReasonCode.SERVICE_UNAVAILABLE,
            "down",
            "ServiceUnavailable",
            503,
            null);

    // when
    link.verdict.set(Verdict.PROBE);
    await(caller.call(ModelRequest.of("r", "hello")));

    // then
    assertThat(client.calls).hasValue(1);
    assertThat(caller.breakerState()).isEqualTo(State.OPEN);
    assertThat(link.changes).containsExactly(State.OPEN, State.HALF_OPEN, State.OPEN);
  }

  @Test
  void shouldTellTheFleetOfAThrottleWithItsHint() throws Exception {
    // given
    EndpointCaller caller = linkedCaller();
    client.failure =
        new Failure(
            FailureClass.THROTTLED,
            ReasonCode.THROTTLED,
            "slow down",
            "ThrottlingException",
            429,
            Duration.ofSeconds(2));

    // when
    await(caller.call(ModelRequest.of("r", "hello")));

    // then
    assertThat(link.throttles).containsExactly(Duration.ofSeconds(2));
  }

  @Test
  void shouldCoolDownAndLowerConcurrencyWhenAnotherInstanceWasThrottled() throws Exception {
    // given
    EndpointCaller caller = linkedCaller();
    int before = admission.limit();

    // when
    link.controls
        .get(ENDPOINT)
        .throttledElsewhere(Duration.ofMinutes(1), System.currentTimeMillis());
    CallReport report = await(caller.call(ModelRequest.of("r", "hello")));

    // then: the same decrease as a local 429, and no call before the hinted time
    assertThat(admission.limit()).isEqualTo((int) (before * 0.7));
    assertThat(client.calls).hasValue(0);
    assertThat(report.calls().get(0).failure().reasonCode()).isEqualTo(ReasonCode.COOLING_DOWN);
  }

  @Test
  void shouldRefuseTheCallsWaitingForAdmissionWhenTheBreakerOpens() throws Exception {
    // given: the minute's 60 requests spent, a 61st waiting for admission
    EndpointCaller caller = linkedCaller();
    for (int i = 0; i < 60; i++) {
      assertThat(await(caller.call(ModelRequest.of("r" + i, "hello"))).succeeded()).isTrue();
    }
    CompletableFuture<CallReport> waiting = caller.call(ModelRequest.of("late", "hello"));
    // The call reaches admission on the scheduler's thread: wait (bounded) until it waits there.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (admission.waiting() == 0 && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    boolean waitedForAdmission = admission.waiting() == 1 && !waiting.isDone();

    // when: the fleet's breaker opens
    link.controls.get(ENDPOINT).forceBreaker(State.OPEN);

    // then: it is not sent when the minute slides, but refused now as by the open breaker
    CallReport report = await(waiting);
    assertThat(waitedForAdmission).isTrue();
    assertThat(client.calls).hasValue(60);
    assertThat(report.calls().get(0).failure().reasonCode()).isEqualTo(ReasonCode.BREAKER_OPEN);
    assertThat(admission.waiting()).isZero();
  }

  @Test
  void shouldScaleTheAdmissionToTheShare() {
    // given
    linkedCaller();

    // when
    link.controls.get(ENDPOINT).shareQuota(0.25);

    // then
    assertThat(admission.share()).isEqualTo(0.25);
  }
}
