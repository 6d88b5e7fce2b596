package dev.ballast.modelclient.recovery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ballast.modelclient.Backoff;
import dev.ballast.modelclient.Failure;
import dev.ballast.modelclient.FailureClass;
import dev.ballast.schemas.ReasonCode;
import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RecoveryPlanTest {

  private static final long NOW = 1_000_000L;

  private final RecoveryPlan plan =
      new RecoveryPlan(
          new RecoveryPlan.Settings(
              new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(8)),
              3,
              Duration.ofSeconds(60),
              true,
              true,
              2,
              8),
          new SplittableRandom(1));

  private static Standing standing(int throttles, int shrinks) {
    return standing(throttles, shrinks, 0, 1, null, 1);
  }

  private static Standing standing(
      int throttles, int shrinks, int chainIndex, int chainLength, Long deadline, int calls) {
    return new Standing(
        calls, throttles, shrinks, chainIndex, chainLength, deadline, () -> " e1: TRANSIENT;");
  }

  /** The position a {@link Decision.NextEndpoint} goes to, else the decision itself. */
  private static Object nextIndex(Decision d) {
    return d instanceof Decision.NextEndpoint n ? n.chainIndex() : d;
  }

  private static Failure failed(FailureClass c, Duration retryAfter) {
    return new Failure(c, code(c), c + " message", c.name(), 0, retryAfter);
  }

  private static ReasonCode code(FailureClass c) {
    return switch (c) {
      case THROTTLED -> ReasonCode.THROTTLED;
      case TRANSIENT -> ReasonCode.SERVICE_UNAVAILABLE;
      case TIMEOUT -> ReasonCode.MODEL_TIMEOUT;
      case CONTEXT_OVERFLOW -> ReasonCode.CONTEXT_OVERFLOW;
      case MALFORMED_OUTPUT -> ReasonCode.INVALID_OUTPUT;
      case UNAVAILABLE -> ReasonCode.ACCESS_DENIED;
      case PERMANENT -> ReasonCode.REQUEST_REJECTED;
      case REQUEST_ERROR -> ReasonCode.MODEL_ERROR;
    };
  }

  @Test
  void shouldAnswerWhenTheCallSucceeded() {
    assertThat(plan.decide(standing(0, 0), null, false, NOW)).isInstanceOf(Decision.Answer.class);
  }

  @Test
  void shouldParkWithinTheBackoffCeilingWhenThrottledBelowTheLimit() {
    // when
    Decision d = plan.decide(standing(2, 0), failed(FailureClass.THROTTLED, null), false, NOW);

    // then: third parking, ceiling min(8 s, 1 s * 2^2)
    assertThat(d).isInstanceOf(Decision.Park.class);
    assertThat(((Decision.Park) d).delay()).isBetween(Duration.ZERO, Duration.ofSeconds(4));
  }

  @Test
  void shouldGoAtOnceToTheFirstLaterEndpointWithRoomInsteadOfParking() {
    // given: the primary throttled; endpoint 1 has no room, endpoint 2 has
    Standing s = new Standing(1, 0, 0, 0, 3, null, () -> "", 2);

    // when
    Decision d = plan.decide(s, failed(FailureClass.THROTTLED, Duration.ofSeconds(2)), false, NOW);

    // then: not parked, and the routing says why
    assertThat(d)
        .isEqualTo(
            new Decision.NextEndpoint(
                2, "ROOM: THROTTLED on the primary; endpoint 2 of the chain had room"));
  }

  @Test
  void shouldParkWhenNoLaterEndpointHasRoom() {
    Standing s = new Standing(1, 0, 0, 0, 3, null, () -> "", -1);

    assertThat(plan.decide(s, failed(FailureClass.THROTTLED, null), false, NOW))
        .isInstanceOf(Decision.Park.class);
  }

  @Test
  void shouldNotMoveForRoomOnFailuresThatAreNotThrottles() {
    // given: a request error; endpoint 2 has room, but the table sends it to the next one
    Standing s = new Standing(1, 0, 0, 0, 3, null, () -> "", 2);

    // when
    Decision d = plan.decide(s, failed(FailureClass.REQUEST_ERROR, null), false, NOW);

    // then
    assertThat(d).extracting(RecoveryPlanTest::nextIndex).isEqualTo(1);
    assertThat(((Decision.NextEndpoint) d).why()).startsWith("FALLBACK: ");
  }

  @Test
  void shouldNeverParkShorterThanRetryAfterWhenTheProviderSentOne() {
    Decision d =
        plan.decide(
            standing(0, 0), failed(FailureClass.THROTTLED, Duration.ofSeconds(30)), false, NOW);

    assertThat(((Decision.Park) d).delay()).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void shouldGoToTheNextEndpointAtOnceWhenTheHintIsLongerThanTheLongestWait() {
    // when: the provider asks for 3 h
    Decision d =
        plan.decide(
            standing(0, 0, 0, 2, null, 1),
            failed(FailureClass.THROTTLED, Duration.ofHours(3)),
            false,
            NOW);

    // then
    assertThat(d).extracting(RecoveryPlanTest::nextIndex).isEqualTo(1);
  }

  @Test
  void shouldGoToTheNextEndpointWhenThrottledAtTheLimit() {
    assertThat(
            plan.decide(
                standing(3, 0, 0, 2, null, 4), failed(FailureClass.THROTTLED, null), false, NOW))
        .extracting(RecoveryPlanTest::nextIndex)
        .isEqualTo(1);
  }

  @Test
  void shouldGoToTheNextEndpointInsteadOfParkingPastTheDeadline() {
    // given: the deadline is 1 ms away, any parking would miss it
    Standing s = standing(0, 0, 0, 2, NOW + 1, 1);

    // when
    Decision d = plan.decide(s, failed(FailureClass.THROTTLED, Duration.ofSeconds(2)), false, NOW);

    // then
    assertThat(d).extracting(RecoveryPlanTest::nextIndex).isEqualTo(1);
  }

  @Test
  void shouldGoToTheNextEndpointWhenTransientOrUnavailable() {
    Standing s = standing(0, 0, 0, 3, null, 1);
    assertThat(plan.decide(s, failed(FailureClass.TRANSIENT, null), false, NOW))
        .extracting(RecoveryPlanTest::nextIndex)
        .isEqualTo(1);
    assertThat(plan.decide(s, failed(FailureClass.UNAVAILABLE, null), false, NOW))
        .extracting(RecoveryPlanTest::nextIndex)
        .isEqualTo(1);
  }

  @Test
  void shouldRelaunchShorterThenTryTheCacheWhenTimingOut() {
    // when
    Decision first = plan.decide(standing(0, 0), failed(FailureClass.TIMEOUT, null), true, NOW);
    Decision second = plan.decide(standing(0, 1), failed(FailureClass.TIMEOUT, null), true, NOW);

    // then
    assertThat(first).isInstanceOf(Decision.ShorterContext.class);
    assertThat(second).isInstanceOf(Decision.TryCache.class);
    assertThat(((Decision.TryCache) second).orElse()).isInstanceOf(Decision.Fail.class);
  }

  @Test
  void shouldTryTheCacheAtOnceWhenTheContextCannotBeShortened() {
    assertThat(plan.decide(standing(0, 0), failed(FailureClass.TIMEOUT, null), false, NOW))
        .isInstanceOf(Decision.TryCache.class);
  }

  @Test
  void shouldFailAtOnceWhenTheRequestIsRejected() {
    Decision d = plan.decide(standing(0, 0), failed(FailureClass.PERMANENT, null), false, NOW);

    assertThat(d).isEqualTo(new Decision.Fail(ReasonCode.REQUEST_REJECTED, "PERMANENT message"));
  }

  @Test
  void shouldFailWithDeadlineExceededWhenTheDeadlinePassed() {
    // given
    Standing s = standing(0, 0, 0, 1, NOW - 1, 0);

    // when
    Decision d = plan.decide(s, failed(FailureClass.TRANSIENT, null), false, NOW);

    // then
    assertThat(d).isInstanceOf(Decision.Fail.class);
    assertThat(((Decision.Fail) d).code()).isEqualTo(ReasonCode.DEADLINE_EXCEEDED);
    assertThat(((Decision.Fail) d).message())
        .contains("passed after 0 calls; last error SERVICE_UNAVAILABLE");
  }

  @Test
  void shouldFailWithTheBudgetReasonWhenAnotherCallWouldExceedIt() {
    // given: 8 calls made, the budget
    Standing s = standing(0, 0, 0, 2, null, 8);

    // when
    Decision park = plan.decide(s, failed(FailureClass.THROTTLED, null), false, NOW);
    Decision next = plan.decide(s, failed(FailureClass.TRANSIENT, null), false, NOW);

    // then
    assertThat(park).isInstanceOf(Decision.Fail.class);
    assertThat(((Decision.Fail) park).code()).isEqualTo(ReasonCode.CALL_BUDGET_EXHAUSTED);
    assertThat(((Decision.Fail) next).code()).isEqualTo(ReasonCode.CALL_BUDGET_EXHAUSTED);
    assertThat(plan.admit(s, NOW).code()).isEqualTo(ReasonCode.CALL_BUDGET_EXHAUSTED);
  }

  @Test
  void shouldSayWhichEndpointsFailedWhenTheChainIsExhausted() {
    // given: the last of two endpoints
    Standing s = standing(0, 0, 1, 2, null, 2);

    // when
    Decision d = plan.decide(s, failed(FailureClass.UNAVAILABLE, null), false, NOW);

    // then
    assertThat(d)
        .isEqualTo(
            new Decision.Fail(
                ReasonCode.ALL_ENDPOINTS_FAILED, "all 2 endpoints failed: e1: TRANSIENT;"));
  }

  @Test
  void shouldFailWithInvalidOutputWhenNoEndpointAnsweredTheSchema() {
    Decision d =
        plan.decide(
            standing(0, 0, 1, 2, null, 3), failed(FailureClass.MALFORMED_OUTPUT, null), false, NOW);

    assertThat(d)
        .isEqualTo(
            new Decision.Fail(
                ReasonCode.INVALID_OUTPUT,
                "MALFORMED_OUTPUT message (on every endpoint of the route)"));
  }

  @Test
  void shouldShrinkAndReaskOnlyWithinTheirBounds() {
    Failure overflow = failed(FailureClass.CONTEXT_OVERFLOW, null);
    Failure malformed = failed(FailureClass.MALFORMED_OUTPUT, null);

    assertThat(plan.shrinkAgain(overflow, 1)).isTrue();
    assertThat(plan.shrinkAgain(overflow, 2)).isFalse();
    assertThat(plan.shrinkAgain(malformed, 0)).isFalse();
    assertThat(plan.reaskAgain(malformed, 1, 2)).isTrue();
    assertThat(plan.reaskAgain(malformed, 2, 2)).isFalse();
    assertThat(plan.reaskAgain(overflow, 0, 2)).isFalse();
  }
}
