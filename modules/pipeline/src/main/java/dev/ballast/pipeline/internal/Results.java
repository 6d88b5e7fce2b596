package dev.ballast.pipeline.internal;

import dev.ballast.modelclient.CallOutcome;
import dev.ballast.modelclient.Endpoint;
import dev.ballast.modelclient.Failure;
import dev.ballast.modelclient.FailureClass;
import dev.ballast.modelclient.ModelResponse;
import dev.ballast.schemas.Attempt;
import dev.ballast.schemas.CachedAnswer;
import dev.ballast.schemas.Degradation;
import dev.ballast.schemas.FailureReason;
import dev.ballast.schemas.InferenceRequest;
import dev.ballast.schemas.InferenceResult;
import dev.ballast.schemas.Outcome;
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

  /** The attempt record of one call. */
  public static Attempt attempt(CallOutcome outcome) {
    ModelResponse r = outcome.response();
    Failure f = outcome.failure();
    return Attempt.newBuilder()
        .setEndpoint(outcome.endpoint().id())
        .setOutcome(f == null ? Outcome.SUCCESS : outcome(f.failureClass()))
        .setStartedAt(Instant.ofEpochMilli(outcome.startedAtMs()))
        .setLatencyMs(outcome.latencyMs())
        .setInputTokens(r == null ? null : r.inputTokens())
        .setOutputTokens(r == null ? null : r.outputTokens())
        .setErrorCode(f == null ? null : f.errorType())
        .setProviderRequestId(r == null ? null : r.providerRequestId())
        .build();
  }

  /** An answer, {@code SUCCEEDED} or {@code DEGRADED} when degradations were applied. */
  public static InferenceResult answered(
      InferenceRequest request, RequestState state, ModelResponse response, long nowMs) {
    List<Degradation> degradations = degradations(state);
    Endpoint e = response.endpoint();
    return base(request.getId(), request, state, nowMs)
        .setStatus(degradations.isEmpty() ? Status.SUCCEEDED : Status.DEGRADED)
        .setText(response.text().isEmpty() && response.json() != null ? null : response.text())
        .setJson(response.json())
        .setStopReason(response.stopReason())
        .setServedBy(
            ServedBy.newBuilder()
                .setProvider(e.provider().id())
                .setModel(e.model())
                .setRegion(e.region())
                .build())
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

  /** The wire form of a failure. */
  public static FailureReason reason(Failure failure) {
    return new FailureReason(failure.reasonCode().name(), failure.message());
  }

  static Outcome outcome(FailureClass c) {
    return switch (c) {
      case THROTTLED -> Outcome.THROTTLED;
      case TRANSIENT -> Outcome.TRANSIENT;
      case TIMEOUT -> Outcome.TIMEOUT;
      case CONTEXT_OVERFLOW -> Outcome.CONTEXT_OVERFLOW;
      case MALFORMED_OUTPUT -> Outcome.MALFORMED_OUTPUT;
      case UNAVAILABLE -> Outcome.UNAVAILABLE;
      case PERMANENT -> Outcome.PERMANENT;
    };
  }
}
