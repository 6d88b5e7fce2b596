package dev.ballast.modelclient;

import dev.ballast.modelclient.recovery.RecoveryTable;
import dev.failsafe.CircuitBreaker;
import dev.failsafe.CircuitBreakerOpenException;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds an endpoint's Failsafe circuit breaker from its {@link ResiliencePolicy}: it counts the
 * failures the {@link RecoveryTable} says count against the endpoint, and tells a {@link
 * BreakerListener} (and the log) of every transition. Stateless.
 */
final class EndpointBreakers {

  private static final Logger log = LoggerFactory.getLogger(EndpointBreakers.class);

  private EndpointBreakers() {}

  static CircuitBreaker<ModelResponse> of(
      Endpoint endpoint, ResiliencePolicy policy, Clock clock, BreakerListener listener) {
    return CircuitBreaker.<ModelResponse>builder()
        .handleIf(
            (r, e) ->
                e != null
                    && !(e instanceof CircuitBreakerOpenException)
                    && RecoveryTable.countsAgainstEndpoint(ErrorClassifier.classify(e)))
        .withFailureRateThreshold(
            policy.breakerFailureRate(), policy.breakerMinimumCalls(), policy.breakerWindow())
        .withDelay(policy.breakerOpenFor())
        .withSuccessThreshold(policy.breakerProbes())
        .onOpen(
            e ->
                changed(
                    endpoint, clock, listener, e.getPreviousState(), BreakerListener.State.OPEN))
        .onHalfOpen(
            e ->
                changed(
                    endpoint,
                    clock,
                    listener,
                    e.getPreviousState(),
                    BreakerListener.State.HALF_OPEN))
        .onClose(
            e ->
                changed(
                    endpoint, clock, listener, e.getPreviousState(), BreakerListener.State.CLOSED))
        .build();
  }

  /**
   * Whether the breaker refuses calls now: open, and its delay not passed (once it has, the next
   * call goes through as a probe).
   */
  static boolean refusing(CircuitBreaker<?> breaker) {
    return breaker.isOpen() && breaker.getRemainingDelay().compareTo(Duration.ZERO) > 0;
  }

  /** The breaker's state now. */
  static BreakerListener.State state(CircuitBreaker<?> breaker) {
    return map(breaker.getState());
  }

  private static void changed(
      Endpoint endpoint,
      Clock clock,
      BreakerListener listener,
      CircuitBreaker.State from,
      BreakerListener.State to) {
    BreakerListener.State previous = map(from);
    if (to == BreakerListener.State.OPEN) {
      log.warn("Circuit breaker of {} opened (was {})", endpoint, previous);
    } else {
      log.info("Circuit breaker of {} is {} (was {})", endpoint, to, previous);
    }
    listener.onStateChange(endpoint, previous, to, clock.millis());
  }

  private static BreakerListener.State map(CircuitBreaker.State s) {
    return switch (s) {
      case CLOSED -> BreakerListener.State.CLOSED;
      case OPEN -> BreakerListener.State.OPEN;
      case HALF_OPEN -> BreakerListener.State.HALF_OPEN;
    };
  }
}
