package dev.ballast.pipeline.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ballast.modelclient.Backoff;
import dev.ballast.modelclient.CallOutcome;
import dev.ballast.modelclient.CallReport;
import dev.ballast.modelclient.Endpoint;
import dev.ballast.modelclient.Failure;
import dev.ballast.modelclient.FailureClass;
import dev.ballast.modelclient.ModelResponse;
import dev.ballast.modelclient.Provider;
import dev.ballast.schemas.InferenceConfig;
import dev.ballast.schemas.InferenceRequest;
import dev.ballast.schemas.Message;
import dev.ballast.schemas.RequestState;
import dev.ballast.schemas.Role;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class FailurePolicyTest {

  private static final Endpoint E = new Endpoint(Provider.BEDROCK, "m", "us-east-1", null);
  private static final long NOW = 1_000_000L;

  private final FailurePolicy policy =
      new FailurePolicy(
          new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(8)),
          3,
          true,
          true,
          new SplittableRandom(1));

  private static InferenceRequest request(Instant deadline) {
    return InferenceRequest.newBuilder()
        .setId("r")
        .setRoute("default")
        .setMessages(
            List.of(
                new Message(Role.USER, "q"),
                new Message(Role.ASSISTANT, "a"),
                new Message(Role.USER, "q2")))
        .setInference(InferenceConfig.newBuilder().setMaxTokens(400).build())
        .setDeadline(deadline)
        .build();
  }

  private static RequestState state(int throttles, int shrinks) {
    return RequestState.newBuilder()
        .setFirstSeenMs(0)
        .setThrottles(throttles)
        .setShrinks(shrinks)
        .setAttempts(List.of())
        .build();
  }

  private static CallReport failed(FailureClass c, Duration retryAfter) {
    return CallReport.of(
        CallOutcome.failure(
            E, 1, NOW, 5, new Failure(c, c.name(), c + " message", c.name(), 0, retryAfter)));
  }

  @Test
  void shouldAnswerWhenTheCallSucceeded() {
    CallReport ok =
        CallReport.of(
            CallOutcome.success(
                E,
                1,
                NOW,
                new ModelResponse(E, "hi", null, "end_turn", 1, 1, Duration.ZERO, null)));

    assertThat(policy.decide(request(null), state(0, 0), ok, NOW))
        .isInstanceOf(Decision.Answer.class);
  }

  @Test
  void shouldParkWithinTheBackoffCeilingWhenThrottledBelowTheLimit() {
    // when
    Decision d =
        policy.decide(request(null), state(2, 0), failed(FailureClass.THROTTLED, null), NOW);

    // then: third parking, ceiling min(8 s, 1 s * 2^2)
    assertThat(d).isInstanceOf(Decision.Park.class);
    assertThat(((Decision.Park) d).delay()).isBetween(Duration.ZERO, Duration.ofSeconds(4));
  }

  @Test
  void shouldNeverParkShorterThanRetryAfterWhenTheProviderSentOne() {
    Decision d =
        policy.decide(
            request(null),
            state(0, 0),
            failed(FailureClass.THROTTLED, Duration.ofSeconds(30)),
            NOW);

    assertThat(((Decision.Park) d).delay()).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void shouldFallBackWhenThrottledAtTheLimit() {
    assertThat(policy.decide(request(null), state(3, 0), failed(FailureClass.THROTTLED, null), NOW))
        .isInstanceOf(Decision.FallBack.class);
  }

  @Test
  void shouldFallBackInsteadOfParkingPastTheDeadline() {
    // given: the deadline is 1 ms away, any parking would miss it
    InferenceRequest r = request(Instant.ofEpochMilli(NOW + 1));

    // when
    Decision d =
        policy.decide(r, state(0, 0), failed(FailureClass.THROTTLED, Duration.ofSeconds(2)), NOW);

    // then
    assertThat(d).isInstanceOf(Decision.FallBack.class);
  }

  @Test
  void shouldFallBackWhenTransientOrUnavailable() {
    assertThat(policy.decide(request(null), state(0, 0), failed(FailureClass.TRANSIENT, null), NOW))
        .isInstanceOf(Decision.FallBack.class);
    assertThat(
            policy.decide(request(null), state(0, 0), failed(FailureClass.UNAVAILABLE, null), NOW))
        .isInstanceOf(Decision.FallBack.class);
  }

  @Test
  void shouldRelaunchShorterThenTryTheCacheWhenTimingOut() {
    // when
    Decision first =
        policy.decide(request(null), state(0, 0), failed(FailureClass.TIMEOUT, null), NOW);
    Decision second =
        policy.decide(request(null), state(0, 1), failed(FailureClass.TIMEOUT, null), NOW);

    // then
    assertThat(first).isInstanceOf(Decision.Relaunch.class);
    RequestState shorter = ((Decision.Relaunch) first).state();
    assertThat(shorter.getShrinks()).isEqualTo(1);
    assertThat(shorter.getDegradations()).containsExactly("SHORTER_CONTEXT");
    assertThat(second).isInstanceOf(Decision.TryCache.class);
  }

  @Test
  void shouldFailAtOnceWhenTheRequestIsRejected() {
    Decision d =
        policy.decide(request(null), state(0, 0), failed(FailureClass.PERMANENT, null), NOW);

    assertThat(d).isEqualTo(new Decision.Fail("PERMANENT", "PERMANENT message"));
  }

  @Test
  void shouldFailWithDeadlineExceededWhenTheDeadlinePassed() {
    // given
    InferenceRequest r = request(Instant.ofEpochMilli(NOW - 1));

    // when
    Decision d = policy.decide(r, state(0, 0), failed(FailureClass.TRANSIENT, null), NOW);

    // then
    assertThat(d).isInstanceOf(Decision.Fail.class);
    assertThat(((Decision.Fail) d).code()).isEqualTo("DEADLINE_EXCEEDED");
    assertThat(((Decision.Fail) d).message())
        .contains("passed after 0 calls; last error TRANSIENT");
  }
}
