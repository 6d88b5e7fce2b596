package dev.ballast.modelclient;

import java.util.List;

/**
 * Every HTTP call made for one request on one endpoint, in order; the last one decides.
 *
 * @param calls the calls, oldest first; never empty
 */
public record CallReport(List<CallOutcome> calls) {

  public CallReport {
    calls = List.copyOf(calls);
    if (calls.isEmpty()) {
      throw new IllegalArgumentException("a report needs at least one call");
    }
  }

  public static CallReport of(CallOutcome outcome) {
    return new CallReport(List.of(outcome));
  }

  /** The call that decided. */
  public CallOutcome last() {
    return calls.get(calls.size() - 1);
  }

  public boolean succeeded() {
    return last().succeeded();
  }

  /** The answer, or null. */
  public ModelResponse response() {
    return last().response();
  }

  /** The failure, or null. */
  public Failure failure() {
    return last().failure();
  }
}
