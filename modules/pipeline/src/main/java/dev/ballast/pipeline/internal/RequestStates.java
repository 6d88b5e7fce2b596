package dev.ballast.pipeline.internal;

import dev.ballast.modelclient.exchange.ExchangeResult;
import dev.ballast.schemas.Attempt;
import dev.ballast.schemas.Degradation;
import dev.ballast.schemas.Lane;
import dev.ballast.schemas.RequestState;
import java.util.ArrayList;
import java.util.List;

/**
 * Every change of a request's {@link RequestState}: the one place a state is created and the one
 * place calls are counted into it. Stateless.
 */
public final class RequestStates {

  private RequestStates() {}

  /**
   * The state of a request first read at {@code nowMs} on {@code lane}, about to be served by the
   * endpoint at {@code chainIndex} of its route.
   */
  public static RequestState initial(Lane lane, long nowMs, int chainIndex) {
    return RequestState.newBuilder()
        .setLane(lane)
        .setFirstSeenMs(nowMs)
        .setChainIndex(chainIndex)
        .setAttempts(List.of())
        .build();
  }

  /** The state after an exchange: its calls, degradations and re-asks recorded. */
  public static RequestState withResult(RequestState state, ExchangeResult result) {
    List<Attempt> attempts = new ArrayList<>(state.getAttempts());
    attempts.addAll(result.attempts());
    RequestState.Builder b =
        RequestState.newBuilder(state)
            .setCalls(Math.max(state.getCalls() + result.attempts().size(), result.lastAttempt()))
            .setModelCalls(state.getModelCalls() + result.sentCalls())
            .setAttempts(attempts);
    if (result.lastError() != null) {
      b.setLastError(result.lastError());
    }
    RequestState s = b.build();
    if (result.chainIndex() > state.getChainIndex()) {
      s = movedTo(s, result.chainIndex(), result.routing());
    }
    for (Degradation d : result.degradations()) {
      s = degraded(s, d);
    }
    return result.reasks() == 0
        ? s
        : RequestState.newBuilder(s).setReasks(s.getReasks() + result.reasks()).build();
  }

  /** {@code state} with one more degradation (kept once). */
  public static RequestState degraded(RequestState state, Degradation d) {
    if (state.getDegradations().contains(d.name())) {
      return state;
    }
    List<String> all = new ArrayList<>(state.getDegradations());
    all.add(d.name());
    return RequestState.newBuilder(state).setDegradations(all).build();
  }

  /** Parked once more, due at {@code dueMs}. */
  static RequestState parked(RequestState state, long dueMs) {
    return RequestState.newBuilder(state)
        .setThrottles(state.getThrottles() + 1)
        .setDueMs(dueMs)
        .build();
  }

  /** Moved to the endpoint at {@code chainIndex}: its own throttles, nothing due. */
  static RequestState movedTo(RequestState state, int chainIndex, String why) {
    return RequestState.newBuilder(state)
        .setChainIndex(chainIndex)
        .setRouting(why)
        .setThrottles(0)
        .setDueMs(null)
        .build();
  }

  /** To be called once more with a shorter context. */
  static RequestState shorter(RequestState state) {
    return RequestState.newBuilder(state).setShrinks(state.getShrinks() + 1).build();
  }
}
