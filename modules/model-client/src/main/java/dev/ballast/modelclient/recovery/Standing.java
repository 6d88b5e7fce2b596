package dev.ballast.modelclient.recovery;

import java.util.function.Supplier;

/**
 * Where a request stands when a decision is taken: what it has cost and where it is in its route's
 * chain. Built by the pipeline from the request's state; immutable.
 *
 * @param modelCalls HTTP calls sent to any model for the request so far (summaries and re-asks
 *     included), across parks and fallbacks
 * @param throttles times the request was parked
 * @param shrinks times a shorter context was tried after a timeout
 * @param chainIndex the position of the endpoint just tried in the route's chain; 0 is the primary
 * @param chainLength endpoints in the route's chain; at least 1
 * @param deadlineMs the request's deadline (wall clock, ms), or null for none
 * @param history what each endpoint tried last ended in, for a message when every one failed; never
 *     null
 * @param roomAt the first endpoint after {@code chainIndex} that would take a call at once (breaker
 *     not open, not cooling down, admission headroom), or -1 when none would
 */
public record Standing(
    int modelCalls,
    int throttles,
    int shrinks,
    int chainIndex,
    int chainLength,
    Long deadlineMs,
    Supplier<String> history,
    int roomAt) {

  public Standing {
    if (chainLength < 1) {
      throw new IllegalArgumentException("chainLength must be >= 1, was " + chainLength);
    }
  }

  /** A standing where no later endpoint is known to have room. */
  public Standing(
      int modelCalls,
      int throttles,
      int shrinks,
      int chainIndex,
      int chainLength,
      Long deadlineMs,
      Supplier<String> history) {
    this(modelCalls, throttles, shrinks, chainIndex, chainLength, deadlineMs, history, -1);
  }

  /** Whether the deadline has passed at {@code nowMs}. */
  public boolean pastDeadline(long nowMs) {
    return deadlineMs != null && nowMs >= deadlineMs;
  }
}
