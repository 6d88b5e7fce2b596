package dev.ballast.modelclient;

import dev.ballast.schemas.ReasonCode;
import java.util.ArrayList;
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

  /**
   * The report of one caller's run: the {@code calls} made (copied under their lock), plus one for
   * what ended the run without a recorded HTTP answer: a breaker rejection or a spent budget (not
   * sent), or a stage timeout (a call may have been out).
   *
   * @param error what the run ended in, or null when it answered
   * @param nextAttempt the attempt number the extra record gets
   */
  static CallReport recorded(
      Endpoint endpoint, List<CallOutcome> calls, Throwable error, int nextAttempt, long nowMs) {
    List<CallOutcome> all;
    synchronized (calls) {
      all = new ArrayList<>(calls);
    }
    if (error != null && !endsWith(all, error)) {
      Failure f = ErrorClassifier.classify(error);
      all.add(
          f.reasonCode() == ReasonCode.STAGE_TIMEOUT
              ? CallOutcome.failure(endpoint, nextAttempt, nowMs, 0, f)
              : CallOutcome.notSent(endpoint, nextAttempt, nowMs, f));
    }
    return new CallReport(all);
  }

  /** Whether the last recorded call is the one that produced {@code error}. */
  private static boolean endsWith(List<CallOutcome> calls, Throwable error) {
    if (calls.isEmpty()) {
      return false;
    }
    Failure last = calls.get(calls.size() - 1).failure();
    return last != null && last.equals(ErrorClassifier.classify(error));
  }
}
