package dev.ballast.modelclient;

import java.time.Duration;
import java.util.Objects;

/**
 * The in-process policies of one endpoint: a timeout per call, short retries of transient failures
 * with full-jitter backoff, and a circuit breaker.
 *
 * @param callTimeout limit of one HTTP call before any output allowance; a call that takes longer
 *     is a {@link FailureClass#TIMEOUT}
 * @param timeoutPerOutputToken time added to a call's limit per output token it may ask for ({@code
 *     maxTokens}), so a long answer generated at that pace or faster does not time out; {@link
 *     Duration#ZERO} gives every call {@code callTimeout}
 * @param maxAttempts calls per request per endpoint for transient failures (1 = no retry)
 * @param retryBackoff backoff between those calls
 * @param breakerFailureRate percentage of failed calls within {@code breakerWindow} that opens the
 *     breaker
 * @param breakerMinimumCalls calls within the window before the rate is judged
 * @param breakerWindow the window the failure rate is measured over
 * @param breakerOpenFor how long the breaker stays open before it lets probes through
 * @param breakerProbes calls let through when half-open; that many successes close it, one failure
 *     opens it again
 */
public record ResiliencePolicy(
    Duration callTimeout,
    Duration timeoutPerOutputToken,
    int maxAttempts,
    Backoff retryBackoff,
    int breakerFailureRate,
    int breakerMinimumCalls,
    Duration breakerWindow,
    Duration breakerOpenFor,
    int breakerProbes) {

  /**
   * 30 s calls plus 20 ms per output token asked for; 3 attempts, 200 ms..2 s; breaker at 50% of
   * 10+ calls in 10 s, open 5 s, 3 probes.
   */
  public static final ResiliencePolicy DEFAULTS =
      new ResiliencePolicy(
          Duration.ofSeconds(30),
          Duration.ofMillis(20),
          3,
          new Backoff(Duration.ofMillis(200), Duration.ofSeconds(2)),
          50,
          10,
          Duration.ofSeconds(10),
          Duration.ofSeconds(5),
          3);

  public ResiliencePolicy {
    Objects.requireNonNull(callTimeout, "callTimeout");
    Objects.requireNonNull(timeoutPerOutputToken, "timeoutPerOutputToken");
    if (timeoutPerOutputToken.isNegative()) {
      throw new IllegalArgumentException(
          "timeoutPerOutputToken must not be negative, was " + timeoutPerOutputToken);
    }
    Objects.requireNonNull(retryBackoff, "retryBackoff");
    Objects.requireNonNull(breakerWindow, "breakerWindow");
    Objects.requireNonNull(breakerOpenFor, "breakerOpenFor");
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be >= 1, was " + maxAttempts);
    }
    if (breakerFailureRate < 1 || breakerFailureRate > 100) {
      throw new IllegalArgumentException(
          "breaker failure rate must be within 1..100 percent, was " + breakerFailureRate);
    }
    if (breakerMinimumCalls < 1 || breakerProbes < 1) {
      throw new IllegalArgumentException("breaker minimum calls and probes must be >= 1");
    }
  }

  /**
   * The limit of one call that may ask for up to {@code maxTokens} output tokens: {@code
   * callTimeout + timeoutPerOutputToken × maxTokens}; {@code callTimeout} when {@code maxTokens} is
   * null (the model's default output limit is not known here).
   */
  public Duration callTimeout(Integer maxTokens) {
    return maxTokens == null || maxTokens <= 0
        ? callTimeout
        : callTimeout.plus(timeoutPerOutputToken.multipliedBy(maxTokens));
  }

  /** The longest an endpoint call with all its retries can take, before output allowances. */
  public Duration worstCase() {
    Duration total = callTimeout.multipliedBy(maxAttempts);
    for (int n = 1; n < maxAttempts; n++) {
      total = total.plus(retryBackoff.ceiling(n));
    }
    return total;
  }
}
