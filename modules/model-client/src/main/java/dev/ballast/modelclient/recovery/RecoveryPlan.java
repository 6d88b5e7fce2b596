package dev.ballast.modelclient.recovery;

import dev.ballast.modelclient.Backoff;
import dev.ballast.modelclient.Failure;
import dev.ballast.modelclient.FailureClass;
import dev.ballast.schemas.ReasonCode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Decides what happens to a request after each failure, from the {@link RecoveryTable} row of the
 * failure's class and the bounds of these settings: the one owner of recovery decisions. Inside an
 * exchange it says whether to shrink or re-ask; after it, the {@link Decision} the pipeline carries
 * out. Every decision that leads to another call is checked against the request's deadline and its
 * call budget first.
 *
 * <p>Pure: the same inputs give the same decision for the same random draws. Thread-safe if its
 * random generator is.
 */
public final class RecoveryPlan {

  /**
   * The bounds of the plan.
   *
   * @param throttleBackoff full-jitter backoff between parks
   * @param throttleMaxAttempts parks on one endpoint before going down the chain
   * @param throttleWaitMax the longest a request is parked for one endpoint; a provider's
   *     rate-limit hint longer than this sends it down the chain at once
   * @param shortenOnTimeout whether a timeout is tried once more with a shorter context
   * @param cacheEnabled whether a timeout may be answered from the stale-if-error cache
   * @param overflowRetries shrink-and-resend rounds after a context overflow, per exchange
   * @param maxCalls model calls one request may cost in all ({@code calls.per.request.max})
   */
  public record Settings(
      Backoff throttleBackoff,
      int throttleMaxAttempts,
      Duration throttleWaitMax,
      boolean shortenOnTimeout,
      boolean cacheEnabled,
      int overflowRetries,
      int maxCalls) {

    public Settings {
      Objects.requireNonNull(throttleBackoff, "throttleBackoff");
      Objects.requireNonNull(throttleWaitMax, "throttleWaitMax");
      if (throttleMaxAttempts < 0 || overflowRetries < 0) {
        throw new IllegalArgumentException("attempt bounds must be >= 0");
      }
      if (maxCalls < 1) {
        throw new IllegalArgumentException("calls per request must be >= 1, was " + maxCalls);
      }
    }
  }

  private final Settings settings;
  private final RandomGenerator random;

  public RecoveryPlan(Settings settings, RandomGenerator random) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.random = Objects.requireNonNull(random, "random");
  }

  public Settings settings() {
    return settings;
  }

  /** A budget for one exchange of a request that has already sent {@code modelCalls}. */
  public CallBudget budget(int firstAttempt, int modelCalls) {
    return new CallBudget(firstAttempt, settings.maxCalls() - modelCalls, settings.maxCalls());
  }

  /**
   * Whether an exchange that has shrunk {@code shrinksSoFar} times shrinks again after {@code f}.
   */
  public boolean shrinkAgain(Failure f, int shrinksSoFar) {
    return RecoveryTable.allows(f, Step.SHRINK) && shrinksSoFar < settings.overflowRetries();
  }

  /** Whether an exchange that has re-asked {@code reasksSoFar} times re-asks after {@code f}. */
  public boolean reaskAgain(Failure f, int reasksSoFar, int maxReasks) {
    return RecoveryTable.allows(f, Step.REASK) && reasksSoFar < maxReasks;
  }

  /** Before a request is called: a {@link Decision.Fail} when it may not be, else null. */
  public Decision.Fail admit(Standing s, long nowMs) {
    if (s.pastDeadline(nowMs)) {
      return deadlineExceeded(s, null);
    }
    return s.modelCalls() >= settings.maxCalls() ? budgetExhausted(s, null) : null;
  }

  /**
   * The decision after an exchange.
   *
   * @param s where the request stands, the exchange's calls included
   * @param last the failure the exchange ended in, or null when it answered
   * @param shortenable whether the request's context can be made shorter
   * @param nowMs wall clock
   */
  public Decision decide(Standing s, Failure last, boolean shortenable, long nowMs) {
    if (last == null) {
      return new Decision.Answer();
    }
    if (s.pastDeadline(nowMs)) {
      return deadlineExceeded(s, last);
    }
    List<Step> steps = RecoveryTable.row(last.failureClass()).steps();
    return from(steps, 0, s, last, shortenable, nowMs);
  }

  private Decision from(
      List<Step> steps, int i, Standing s, Failure last, boolean shortenable, long nowMs) {
    for (int k = i; k < steps.size(); k++) {
      Decision d = step(steps.get(k), s, last, shortenable, nowMs);
      if (d instanceof Decision.TryCache) {
        return new Decision.TryCache(from(steps, k + 1, s, last, shortenable, nowMs));
      }
      if (d != null) {
        return d;
      }
    }
    return endOfChain(s, last);
  }

  /** The decision of one step, or null when its condition does not hold. */
  private Decision step(Step step, Standing s, Failure last, boolean shortenable, long nowMs) {
    return switch (step) {
      case RETRY_HERE, SHRINK, REASK -> null; // done inside the exchange, bounds reached
      case NEXT_WITH_ROOM ->
          s.roomAt() > s.chainIndex() && s.roomAt() < s.chainLength()
              ? budgeted(
                  new Decision.NextEndpoint(
                      s.roomAt(),
                      Routing.ROOM.because(
                          last.reasonCode()
                              + " on "
                              + Routing.position(s.chainIndex())
                              + "; "
                              + Routing.position(s.roomAt())
                              + " had room")),
                  s,
                  last)
              : null;
      case PARK -> {
        if (s.throttles() >= settings.throttleMaxAttempts()
            || (last.retryAfter() != null
                && last.retryAfter().compareTo(settings.throttleWaitMax()) > 0)) {
          yield null;
        }
        Duration delay =
            settings.throttleBackoff().delay(s.throttles() + 1, random, last.retryAfter());
        if (s.deadlineMs() != null && nowMs + delay.toMillis() >= s.deadlineMs()) {
          yield null;
        }
        yield budgeted(new Decision.Park(delay), s, last);
      }
      case SHORTER_CONTEXT ->
          settings.shortenOnTimeout() && s.shrinks() == 0 && shortenable
              ? budgeted(new Decision.ShorterContext(), s, last)
              : null;
      case CACHE -> settings.cacheEnabled() ? new Decision.TryCache(new Decision.Answer()) : null;
      case NEXT_ENDPOINT ->
          s.chainIndex() + 1 < s.chainLength()
              ? budgeted(
                  new Decision.NextEndpoint(
                      s.chainIndex() + 1,
                      Routing.FALLBACK.because(
                          last.reasonCode() + " on " + Routing.position(s.chainIndex()))),
                  s,
                  last)
              : endOfChain(s, last);
      case FAIL -> new Decision.Fail(last.reasonCode(), last.message());
    };
  }

  private Decision budgeted(Decision next, Standing s, Failure last) {
    return s.modelCalls() >= settings.maxCalls() ? budgetExhausted(s, last) : next;
  }

  /** No step is left: the failure ends the request with the most telling reason. */
  private static Decision.Fail endOfChain(Standing s, Failure last) {
    if (last.failureClass() == FailureClass.MALFORMED_OUTPUT
        || last.failureClass() == FailureClass.CONTEXT_OVERFLOW) {
      return new Decision.Fail(
          last.failureClass() == FailureClass.MALFORMED_OUTPUT
              ? ReasonCode.INVALID_OUTPUT
              : ReasonCode.CONTEXT_OVERFLOW,
          last.message() + (s.chainLength() > 1 ? " (on every endpoint of the route)" : ""));
    }
    if (s.chainLength() == 1 || last.reasonCode() == ReasonCode.CALL_BUDGET_EXHAUSTED) {
      String m = last.message();
      if (last.failureClass() == FailureClass.THROTTLED) {
        m = "still throttled after " + s.modelCalls() + " calls: " + m;
      }
      return new Decision.Fail(last.reasonCode(), m);
    }
    return new Decision.Fail(
        ReasonCode.ALL_ENDPOINTS_FAILED,
        "all " + s.chainLength() + " endpoints failed:" + s.history().get());
  }

  private Decision.Fail budgetExhausted(Standing s, Failure last) {
    return new Decision.Fail(
        ReasonCode.CALL_BUDGET_EXHAUSTED,
        "the request used all "
            + settings.maxCalls()
            + " of its model calls (calls.per.request.max) without an answer"
            + lastError(last));
  }

  private static Decision.Fail deadlineExceeded(Standing s, Failure last) {
    return new Decision.Fail(
        ReasonCode.DEADLINE_EXCEEDED,
        "the request's deadline "
            + Instant.ofEpochMilli(s.deadlineMs())
            + " passed after "
            + s.modelCalls()
            + " calls"
            + lastError(last));
  }

  private static String lastError(Failure last) {
    return last == null ? "" : "; last error " + last.reasonCode() + ": " + last.message();
  }
}
