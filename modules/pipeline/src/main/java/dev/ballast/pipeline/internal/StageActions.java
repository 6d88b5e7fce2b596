package dev.ballast.pipeline.internal;

import dev.ballast.modelclient.CallReport;
import dev.ballast.modelclient.Failure;
import dev.ballast.pipeline.EndpointConfig;
import dev.ballast.pipeline.ModelRouter;
import dev.ballast.pipeline.PipelineMetrics;
import dev.ballast.pipeline.internal.ModelStage.Role;
import dev.ballast.schemas.CachedAnswer;
import dev.ballast.schemas.Degradation;
import dev.ballast.schemas.InFlight;
import dev.ballast.schemas.InferenceRequest;
import dev.ballast.schemas.InferenceResult;
import dev.ballast.schemas.RequestState;
import dev.ballast.schemas.ServedBy;
import dev.ballast.schemas.Status;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Carries out a {@link Decision} for a request of a {@link ModelStage}: writes its result (and
 * fills the cache), parks it in a delay tier, hands it to the fallback topic or the next endpoint,
 * serves it from the cache, or fails it to the dlq; and keeps the ledger in step.
 *
 * <p>Stream-thread confined, like its stage; bound to the stage's context on every init.
 */
final class StageActions {

  /** What an action tells its stage. */
  interface Stage {
    /** Call {@code id} again (its ledger entry holds the new state). */
    void relaunch(String id);

    /** {@code id} left the stage: answered, failed, parked or handed off. */
    void left(String id);
  }

  private final Role role;
  private final ModelRouter router;
  private final StageOutputs out;
  private final PipelineMetrics metrics;
  private final boolean cacheEnabled;
  private final long cacheTtlMs;
  private ProcessorContext<String, Object> context;
  private Ledger ledger;
  private ReadOnlyKeyValueStore<String, CachedAnswer> cache;
  private Stage stage;

  StageActions(
      Role role,
      ModelRouter router,
      StageOutputs out,
      PipelineMetrics metrics,
      boolean cacheEnabled,
      Duration cacheTtl) {
    this.role = role;
    this.router = router;
    this.out = out;
    this.metrics = metrics;
    this.cacheEnabled = cacheEnabled;
    this.cacheTtlMs = cacheTtl.toMillis();
  }

  void bind(
      ProcessorContext<String, Object> context,
      Ledger ledger,
      ReadOnlyKeyValueStore<String, CachedAnswer> cache,
      Stage stage) {
    this.context = context;
    this.ledger = ledger;
    this.cache = cache;
    this.stage = stage;
  }

  void act(String id, InFlight entry, RequestState state, Decision d, CallReport report) {
    InferenceRequest request = entry.getRequest();
    if (d instanceof Decision.Answer) {
      answered(id, request, state, report);
    } else if (d instanceof Decision.Park p) {
      park(id, request, state, p.delay());
    } else if (d instanceof Decision.Relaunch r) {
      relaunch(id, request, r.state());
    } else if (d instanceof Decision.TryCache) {
      if (!servedFromCache(id, request, state)) {
        fallBack(id, request, state, report == null ? null : report.failure());
      }
    } else if (d instanceof Decision.FallBack) {
      fallBack(id, request, state, report == null ? null : report.failure());
    } else if (d instanceof Decision.Fail f) {
      fail(id, request, state, f.code(), f.message());
    }
  }

  private void answered(
      String id, InferenceRequest request, RequestState state, CallReport report) {
    long now = context.currentSystemTimeMs();
    RequestState s =
        state.getChainIndex() > 0 ? Results.degraded(state, Degradation.FALLBACK_MODEL) : state;
    InferenceResult result = Results.answered(request, s, report.response(), now);
    emit(id, result);
    if (cacheEnabled) {
      String fingerprint = Fingerprints.of(request);
      CachedAnswer known = cache.get(fingerprint);
      // One fresh answer per question is enough to serve it stale; skip rewriting it.
      if (known == null || now - known.getStoredAtMs() > cacheTtlMs / 2) {
        ServedBy by = result.getServedBy();
        out.cache(
            context,
            fingerprint,
            new CachedAnswer(
                result.getText(), result.getJson(), result.getStopReason(), by, now, id),
            now);
      }
    }
  }

  private void park(String id, InferenceRequest request, RequestState state, Duration delay) {
    long now = context.currentSystemTimeMs();
    RequestState parked =
        RequestState.newBuilder(state)
            .setThrottles(state.getThrottles() + 1)
            .setDueMs(now + delay.toMillis())
            .build();
    out.park(context, id, request, parked, delay, now);
    metrics.parked.increment();
    ledger.handedOff(id);
    stage.left(id);
  }

  private void relaunch(String id, InferenceRequest request, RequestState state) {
    ledger.serving(id, new InFlight(request, state));
    stage.relaunch(id);
  }

  private boolean servedFromCache(String id, InferenceRequest request, RequestState state) {
    if (cache == null) {
      return false;
    }
    CachedAnswer answer = cache.get(Fingerprints.of(request));
    long now = context.currentSystemTimeMs();
    if (answer == null || now - answer.getStoredAtMs() > cacheTtlMs) {
      return false;
    }
    emit(id, Results.cached(request, state, answer, now));
    metrics.cacheServed.increment();
    return true;
  }

  private void fallBack(String id, InferenceRequest request, RequestState state, Failure last) {
    List<EndpointConfig> chain = router.chain(request.getRoute());
    int next = state.getChainIndex() + 1;
    if (next >= chain.size()) {
      if (last != null
          && last.failureClass() == dev.ballast.modelclient.FailureClass.MALFORMED_OUTPUT) {
        fail(
            id,
            request,
            state,
            ReasonCodes.INVALID_OUTPUT,
            last.message() + (chain.size() > 1 ? " (on every endpoint of the route)" : ""));
      } else if (chain.size() == 1 && last != null) {
        fail(id, request, state, last.reasonCode(), describe(last, state));
      } else {
        fail(id, request, state, ReasonCodes.ALL_ENDPOINTS_FAILED, summary(chain, state));
      }
      return;
    }
    RequestState moved =
        RequestState.newBuilder(state).setChainIndex(next).setThrottles(0).setDueMs(null).build();
    if (role != Role.FALLBACK) {
      out.fallback(context, id, request, moved, context.currentSystemTimeMs());
      metrics.fallbacks.increment();
      ledger.handedOff(id);
      stage.left(id);
    } else {
      relaunch(id, request, moved);
    }
  }

  private static String describe(Failure last, RequestState state) {
    String m = last.message();
    if (last.failureClass() == dev.ballast.modelclient.FailureClass.THROTTLED) {
      return "still throttled after " + state.getCalls() + " calls: " + m;
    }
    return m;
  }

  private static String summary(List<EndpointConfig> chain, RequestState state) {
    StringBuilder b = new StringBuilder("all " + chain.size() + " endpoints failed:");
    java.util.Map<String, String> lastByEndpoint = new java.util.LinkedHashMap<>();
    state
        .getAttempts()
        .forEach(
            a ->
                lastByEndpoint.put(
                    a.getEndpoint(),
                    a.getOutcome()
                        + (a.getErrorCode() == null ? "" : " (" + a.getErrorCode() + ")")));
    lastByEndpoint.forEach((e, o) -> b.append(' ').append(e).append(": ").append(o).append(';'));
    if (state.getLastError() != null) {
      b.append(" last error: ").append(state.getLastError().getMessage());
    }
    return b.toString();
  }

  /** Terminal failure: a FAILED result, and the original request to the dlq. */
  void fail(String id, InferenceRequest request, RequestState state, String code, String message) {
    long now = context.currentSystemTimeMs();
    emit(id, Results.failed(id, request, state, code, message, now));
    out.deadLetter(context, id, request, code, message, now);
    metrics.deadLettered.increment();
  }

  private void emit(String id, InferenceResult result) {
    long now = context.currentSystemTimeMs();
    out.result(context, id, result, now);
    ledger.answered(id, now);
    stage.left(id);
    if (result.getStatus() == Status.SUCCEEDED) {
      metrics.succeeded.increment();
    } else if (result.getStatus() == Status.DEGRADED) {
      metrics.degraded.increment();
    } else {
      metrics.failed.increment();
    }
  }
}
