package dev.ballast.modelclient.recovery;

import dev.ballast.modelclient.Failure;
import dev.ballast.modelclient.FailureClass;
import dev.ballast.schemas.ReasonCode;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The model calls one exchange may still send, and the numbers of its attempts: the one place
 * attempts are counted. Every HTTP call takes a number first (summaries, re-asks, shrink resends
 * and in-process retries included); when the request's budget ({@code calls.per.request.max},
 * counted across parks and fallbacks) is spent, none is given and the call is not sent.
 *
 * <p>This class is thread-safe: the steps of one exchange run on several threads, one after
 * another.
 */
public final class CallBudget {

  private final AtomicInteger next;
  private final AtomicInteger remaining;
  private final int max;

  /**
   * @param firstAttempt the number of the first call (1-based, counted over the request's life)
   * @param remaining calls the request may still send; 0 or less sends none
   * @param max the request's whole budget, for messages
   */
  public CallBudget(int firstAttempt, int remaining, int max) {
    this.next = new AtomicInteger(firstAttempt);
    this.remaining = new AtomicInteger(Math.max(0, remaining));
    this.max = max;
  }

  /** A budget that never runs out, for callers outside a request's life (tests, tools). */
  public static CallBudget unlimited(int firstAttempt) {
    return new CallBudget(firstAttempt, Integer.MAX_VALUE, Integer.MAX_VALUE);
  }

  /** Takes one call: its attempt number, or -1 when the budget is spent. */
  public int take() {
    if (remaining.getAndUpdate(r -> r > 0 ? r - 1 : 0) <= 0) {
      return -1;
    }
    return next.getAndIncrement();
  }

  /** The number the next call will get. */
  public int peek() {
    return next.get();
  }

  /** The failure of a call that was not sent because the budget is spent. */
  public Failure exhausted() {
    return Failure.local(
        FailureClass.PERMANENT,
        ReasonCode.CALL_BUDGET_EXHAUSTED,
        "CallBudgetExhausted",
        "the request used all " + max + " of its model calls (calls.per.request.max)");
  }
}
