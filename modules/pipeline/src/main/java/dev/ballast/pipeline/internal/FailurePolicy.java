package dev.ballast.pipeline.internal;

import dev.ballast.modelclient.Backoff;
import dev.ballast.modelclient.CallReport;
import dev.ballast.modelclient.Failure;
import dev.ballast.schemas.Degradation;
import dev.ballast.schemas.InferenceRequest;
import dev.ballast.schemas.RequestState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Decides what happens after a call, from the failure's class alone (ARCHITECTURE.md §3): throttled
 * requests are parked with full-jitter backoff a bounded number of times, transient and unavailable
 * endpoints are left for the next one in the chain, a timeout is tried once more with a shorter
 * context and then served from cache, a broken request fails at once. Pure: the same inputs give
 * the same decision for the same random draws.
 *
 * <p>This class is thread-safe if its random generator is.
 */
public final class FailurePolicy {

  private final Backoff throttleBackoff;
  private final int throttleMaxAttempts;
  private final boolean shortenOnTimeout;
  private final boolean cacheEnabled;
  private final RandomGenerator random;

  public FailurePolicy(
      Backoff throttleBackoff,
      int throttleMaxAttempts,
      boolean shortenOnTimeout,
      boolean cacheEnabled,
      RandomGenerator random) {
    this.throttleBackoff = throttleBackoff;
    this.throttleMaxAttempts = throttleMaxAttempts;
    this.shortenOnTimeout = shortenOnTimeout;
    this.cacheEnabled = cacheEnabled;
    this.random = random;
  }

  /**
   * The next step for {@code request}, whose {@code state} already records the calls of {@code
   * report}.
   */
  public Decision decide(
      InferenceRequest request, RequestState state, CallReport report, long nowMs) {
    if (report.succeeded()) {
      return new Decision.Answer();
    }
    Failure f = report.failure();
    if (deadlinePassed(request, nowMs)) {
      return deadlineExceeded(request, state, f);
    }
    return switch (f.failureClass()) {
      case THROTTLED -> {
        if (state.getThrottles() >= throttleMaxAttempts) {
          yield new Decision.FallBack();
        }
        Duration delay = throttleBackoff.delay(state.getThrottles() + 1, random, f.retryAfter());
        if (request.getDeadline() != null
            && nowMs + delay.toMillis() >= request.getDeadline().toEpochMilli()) {
          yield new Decision.FallBack();
        }
        yield new Decision.Park(delay);
      }
      case TRANSIENT, UNAVAILABLE, MALFORMED_OUTPUT -> new Decision.FallBack();
      case TIMEOUT -> {
        if (shortenOnTimeout && state.getShrinks() == 0 && canShorten(request)) {
          List<String> degradations = new ArrayList<>(state.getDegradations());
          degradations.add(Degradation.SHORTER_CONTEXT.name());
          yield new Decision.Relaunch(
              RequestState.newBuilder(state).setShrinks(1).setDegradations(degradations).build());
        }
        yield cacheEnabled ? new Decision.TryCache() : new Decision.FallBack();
      }
      case CONTEXT_OVERFLOW, PERMANENT -> new Decision.Fail(f.reasonCode(), f.message());
    };
  }

  /** A request can be shortened when it has history to drop or output tokens to spare. */
  private static boolean canShorten(InferenceRequest request) {
    return request.getMessages().size() > 1
        || request.getInference() == null
        || request.getInference().getMaxTokens() == null
        || request.getInference().getMaxTokens() > 32;
  }

  static boolean deadlinePassed(InferenceRequest request, long nowMs) {
    return request.getDeadline() != null && nowMs >= request.getDeadline().toEpochMilli();
  }

  static Decision.Fail deadlineExceeded(
      InferenceRequest request, RequestState state, Failure last) {
    return new Decision.Fail(
        ReasonCodes.DEADLINE_EXCEEDED,
        "the request's deadline "
            + Instant.ofEpochMilli(request.getDeadline().toEpochMilli())
            + " passed after "
            + state.getCalls()
            + " calls"
            + (last == null ? "" : "; last error " + last.reasonCode() + ": " + last.message()));
  }
}
