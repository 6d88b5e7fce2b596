package dev.ballast.pipeline.internal;

import dev.ballast.modelclient.exchange.ExchangeResult;
import dev.ballast.schemas.Attempt;
import dev.ballast.schemas.CachedAnswer;
import dev.ballast.schemas.Degradation;
import dev.ballast.schemas.FailureReason;
import dev.ballast.schemas.InferenceRequest;
import dev.ballast.schemas.InferenceResult;
import dev.ballast.schemas.ReasonCode;
import dev.ballast.schemas.RequestState;
import dev.ballast.schemas.ServedBy;
import dev.ballast.schemas.Status;
import dev.ballast.schemas.TokenUsage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Builds terminal results and attempt records. Stateless. */
public final class Results {

  private Results() {}

  /** A {@code DEGRADED} result served from the stale-if-error cache. */
  public static InferenceResult cached(
      InferenceRequest request, RequestState state, CachedAnswer answer, long nowMs) {
    RequestState s = RequestStates.degraded(state, Degradation.CACHED);
    return base(request.getId(), request, s, nowMs)
        .setStatus(Status.DEGRADED)
        .setText(answer.getText())
        .setJson(answer.getJson())
        .setStopReason(answer.getStopReason())
        .setServedBy(answer.getServedBy())
        .setDegradations(degradations(s))
        .setError(
            new FailureReason(
                ReasonCode.CACHED.name(),
                "served from an answer cached "
                    + Math.max(0, (nowMs - answer.getStoredAtMs()) / 1000)
                    + " s ago after "
                    + (state.getLastError() == null
                        ? "failures"
                        : state.getLastError().getCode()
                            + ": "
                            + state.getLastError().getMessage())))
        .build();
  }

  /** An answer, {@code SUCCEEDED} or {@code DEGRADED} when degradations were applied. */
  public static InferenceResult answered(
      InferenceRequest request, RequestState state, ExchangeResult answer, long nowMs) {
    List<Degradation> degradations = degradations(state);
    return base(request.getId(), request, state, nowMs)
        .setStatus(degradations.isEmpty() ? Status.SUCCEEDED : Status.DEGRADED)
        .setText(answer.text())
        .setJson(answer.json())
        .setStopReason(answer.stopReason())
        .setServedBy(
            answer.servedBy() == null
                ? null
                : ServedBy.newBuilder(answer.servedBy()).setRouting(state.getRouting()).build())
        .setDegradations(degradations)
        .setError(degradations.isEmpty() ? null : state.getLastError())
        .build();
  }

  /** A {@code FAILED} result with a reason. {@code request} may be null when undecodable. */
  public static InferenceResult failed(
      String id,
      InferenceRequest request,
      RequestState state,
      ReasonCode code,
      String message,
      long nowMs) {
    return base(id, request, state, nowMs)
        .setStatus(Status.FAILED)
        .setDegradations(state == null ? List.of() : degradations(state))
        .setError(new FailureReason(code.name(), message))
        .build();
  }

  private static InferenceResult.Builder base(
      String id, InferenceRequest request, RequestState state, long nowMs) {
    List<Attempt> attempts = state == null ? List.of() : state.getAttempts();
    long start =
        request != null && request.getSubmittedAt() != null
            ? request.getSubmittedAt().toEpochMilli()
            : state != null ? state.getFirstSeenMs() : nowMs;
    return InferenceResult.newBuilder()
        .setId(id)
        .setRoute(request == null ? null : request.getRoute())
        .setAttempts(attempts)
        .setUsage(usage(attempts))
        .setLatencyMs(Math.max(0, nowMs - start))
        .setCompletedAt(Instant.ofEpochMilli(nowMs))
        .setMetadata(request == null ? Map.of() : request.getMetadata());
  }

  private static TokenUsage usage(List<Attempt> attempts) {
    int in = 0;
    int out = 0;
    boolean any = false;
    for (Attempt a : attempts) {
      if (a.getInputTokens() != null) {
        in += a.getInputTokens();
        any = true;
      }
      if (a.getOutputTokens() != null) {
        out += a.getOutputTokens();
        any = true;
      }
    }
    return any ? new TokenUsage(in, out, in + out) : null;
  }

  private static List<Degradation> degradations(RequestState state) {
    List<Degradation> out = new ArrayList<>();
    for (String name : state.getDegradations()) {
      Degradation d = Degradation.valueOf(name);
      if (!out.contains(d)) {
        out.add(d);
      }
    }
    return out;
  }
}
