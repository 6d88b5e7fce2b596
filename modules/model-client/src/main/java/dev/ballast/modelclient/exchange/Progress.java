package dev.ballast.modelclient.exchange;

import dev.ballast.modelclient.Admission;
import dev.ballast.modelclient.CallOutcome;
import dev.ballast.modelclient.CallReport;
import dev.ballast.modelclient.EndpointCaller;
import dev.ballast.modelclient.Failure;
import dev.ballast.modelclient.FailureClass;
import dev.ballast.modelclient.recovery.CallBudget;
import dev.ballast.schemas.Degradation;
import dev.ballast.schemas.ReasonCode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What one request's exchange has done so far. Owned by one step at a time: the steps run one after
 * another on client threads, each handing it to the next through a completion.
 */
final class Progress {
  final EndpointCaller caller;
  final ExchangeRoute route;
  final Admission.Lane lane;
  final CallBudget budget;
  final String model;
  final List<CallOutcome> calls = new ArrayList<>();
  final Set<Degradation> degradations = new LinkedHashSet<>();
  private final long deadlineNanos;
  int reasks;
  int shrinks;
  boolean shortenable;

  /**
   * @param within the exchange's one deadline from now: every call of it (summary, overflow
   *     resends, re-asks, with their in-process retries) must end within it
   */
  Progress(
      EndpointCaller caller,
      ExchangeRoute route,
      Admission.Lane lane,
      CallBudget budget,
      Duration within) {
    this.caller = caller;
    this.route = route;
    this.lane = lane;
    this.budget = budget;
    this.model = caller.endpoint().model();
    this.deadlineNanos = System.nanoTime() + within.toNanos();
  }

  /** Time left before the exchange's deadline; zero when it has passed. */
  Duration remaining() {
    return Duration.ofNanos(Math.max(0, deadlineNanos - System.nanoTime()));
  }

  /**
   * Whether the exchange's deadline has passed; if so records why the next call is not sent ({@link
   * ReasonCode#STAGE_TIMEOUT}).
   */
  boolean outOfTime(EndpointCaller next, long nowMs) {
    if (deadlineNanos - System.nanoTime() > 0) {
      return false;
    }
    calls.add(
        CallOutcome.notSent(
            next.endpoint(),
            budget.peek(),
            nowMs,
            Failure.local(
                FailureClass.TIMEOUT,
                ReasonCode.STAGE_TIMEOUT,
                "TimeoutExceeded",
                "the exchange's calls did not complete within the stage timeout")));
    return true;
  }

  /** Records a local context overflow: the request cannot be fitted, so it is not sent. */
  void cannotFit(String message, long nowMs) {
    calls.add(
        CallOutcome.notSent(
            caller.endpoint(),
            budget.peek(),
            nowMs,
            Failure.local(
                FailureClass.CONTEXT_OVERFLOW,
                ReasonCode.CONTEXT_OVERFLOW,
                "ContextOverflow",
                message)));
  }

  ExchangeResult result() {
    return new ExchangeResult(
        new CallReport(calls), List.copyOf(degradations), reasks, shortenable);
  }
}
