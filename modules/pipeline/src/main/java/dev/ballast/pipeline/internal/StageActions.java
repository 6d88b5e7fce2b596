package dev.ballast.pipeline.internal;

import dev.ballast.modelclient.exchange.ExchangeResult;
import dev.ballast.modelclient.gateway.ModelGateway;
import dev.ballast.modelclient.recovery.Decision;
import dev.ballast.pipeline.PipelineMetrics;
import dev.ballast.schemas.CachedAnswer;
import dev.ballast.schemas.Degradation;
import dev.ballast.schemas.InFlight;
import dev.ballast.schemas.InferenceRequest;
import dev.ballast.schemas.InferenceResult;
import dev.ballast.schemas.Lane;
import dev.ballast.schemas.ReasonCode;
import dev.ballast.schemas.RequestState;
import dev.ballast.schemas.ServedBy;
import java.time.Duration;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out a {@link Decision} for a request of a {@link ModelStage}: writes its result (and
 * fills the cache), parks it in a delay tier, hands it to the fallback topic or the next endpoint,
 * serves it from the cache, or fails it to the dlq; and keeps the ledger in step.
 *
 * <p>Stream-thread confined, like its stage; bound to the stage's context on every init.
 */
final class StageActions {

  private static final Logger log = LoggerFactory.getLogger(StageActions.class);

  /** What an action tells its stage. */
  interface Stage {
    /** Call {@code id} again (its ledger entry holds the new state). */
    void relaunch(String id);

    /** {@code id} left the stage: answered, failed, parked or handed off. */
    void left(String id);
  }

  private final StageRole role;
  private final ModelGateway gateway;
  private final StageOutputs out;
  private final PipelineMetrics metrics;
  private final boolean cacheEnabled;
  private final long cacheTtlMs;
  private final RecentlyCached recentlyCached;
  private ProcessorContext<String, Object> context;
  private Ledger ledger;
  private ReadOnlyKeyValueStore<String, CachedAnswer> cache;
  private Stage stage;

  StageActions(
      StageRole role,
      ModelGateway gateway,
      StageOutputs out,
      PipelineMetrics metrics,
      boolean cacheEnabled,
      Duration cacheTtl) {
    this.role = role;
    this.gateway = gateway;
    this.out = out;
    this.metrics = metrics;
    this.cacheEnabled = cacheEnabled;
    this.cacheTtlMs = cacheTtl.toMillis();
    this.recentlyCached = new RecentlyCached(cacheTtlMs);
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

  /**
   * Fails a request that may not be called: its route is no longer configured (a config change
   * while it was parked or in the ledger), its deadline passed or its call budget is spent.
   *
   * @return whether it was failed
   */
  boolean refused(String id, InFlight entry, long nowMs) {
    InferenceRequest request = entry.getRequest();
    if (!gateway.routeNames().contains(request.getRoute())) {
      fail(
          id,
          request,
          entry.getState(),
          ReasonCode.UNKNOWN_ROUTE,
          "route '"
              + request.getRoute()
              + "' is not configured (routes: "
              + gateway.routeNames()
              + ")");
      return true;
    }
    Decision.Fail refusal = gateway.admit(request, entry.getState(), nowMs);
    if (refusal != null) {
      act(id, entry, entry.getState(), refusal, null);
    }
    return refusal != null;
  }

  /**
   * Records an exchange's calls in the request's state and carries out the plan's decision; an
   * exchange that ended with a defect ({@code error} non-null), or a defect here, fails the request
   * with {@code INTERNAL_ERROR}.
   */
  void completed(String id, InFlight entry, ExchangeResult result, Throwable error) {
    try {
      if (error != null) {
        throw new IllegalStateException("a model exchange ended with a defect", error);
      }
      completed(id, entry, result);
    } catch (RuntimeException e) {
      log.error("Failing request {} after an internal error", id, e);
      fail(id, entry.getRequest(), entry.getState(), ReasonCode.INTERNAL_ERROR, e.toString());
    }
  }

  private void completed(String id, InFlight entry, ExchangeResult result) {
    RequestState state = RequestStates.withResult(entry.getState(), result);
    if (result.routing() != null && result.chainIndex() > entry.getState().getChainIndex()) {
      metrics.routed(result.routing());
    }
    Decision d = gateway.decide(entry.getRequest(), state, result, context.currentSystemTimeMs());
    act(id, entry, state, d, result);
  }

  /**
   * Carries out {@code d} for request {@code id}, whose {@code state} records the exchange just
   * made ({@code result}; null when none was made).
   */
  void act(String id, InFlight entry, RequestState state, Decision d, ExchangeResult result) {
    InferenceRequest request = entry.getRequest();
    if (d instanceof Decision.Answer) {
      answered(id, request, state, result);
    } else if (d instanceof Decision.Park p) {
      park(id, request, state, p.delay());
    } else if (d instanceof Decision.ShorterContext) {
      relaunch(id, request, RequestStates.shorter(state));
    } else if (d instanceof Decision.TryCache c) {
      if (!servedFromCache(id, request, state)) {
        act(id, entry, state, c.orElse(), result);
      }
    } else if (d instanceof Decision.NextEndpoint n) {
      metrics.routed(n.why());
      nextEndpoint(id, request, RequestStates.movedTo(state, n.chainIndex(), n.why()));
    } else if (d instanceof Decision.Fail f) {
      fail(id, request, state, f.code(), f.message());
    }
  }

  private void answered(
      String id, InferenceRequest request, RequestState state, ExchangeResult answer) {
    long now = context.currentSystemTimeMs();
    RequestState s =
        state.getChainIndex() > 0
            ? RequestStates.degraded(state, Degradation.FALLBACK_MODEL)
            : state;
    InferenceResult result = Results.answered(request, s, answer, now);
    emit(id, s.getLane(), result);
    if (cacheEnabled) {
      String fingerprint = Fingerprints.of(request);
      if (recentlyCached.write(fingerprint, now)) {
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
    out.park(context, id, request, RequestStates.parked(state, now + delay.toMillis()), delay, now);
    metrics.parked(Tiers.tierFor(out.tiers(), delay));
    ledger.handedOff(id, context.currentSystemTimeMs());
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
    emit(id, state.getLane(), Results.cached(request, state, answer, now));
    metrics.cacheServed.increment();
    return true;
  }

  /** The fallback stage serves the rest of the chain itself; the others hand off to it. */
  private void nextEndpoint(String id, InferenceRequest request, RequestState moved) {
    if (role == StageRole.FALLBACK) {
      relaunch(id, request, moved);
      return;
    }
    out.fallback(context, id, request, moved, context.currentSystemTimeMs());
    metrics.fallbacks.increment();
    ledger.handedOff(id, context.currentSystemTimeMs());
    stage.left(id);
  }

  /** Terminal failure: a FAILED result, and the original request to the dlq. */
  void fail(
      String id, InferenceRequest request, RequestState state, ReasonCode code, String message) {
    long now = context.currentSystemTimeMs();
    emit(id, state.getLane(), Results.failed(id, request, state, code, message, now));
    out.deadLetter(context, id, request, code, message, now);
    metrics.deadLetter(code);
  }

  private void emit(String id, Lane lane, InferenceResult result) {
    long now = context.currentSystemTimeMs();
    out.result(context, id, result, now);
    ledger.answered(id, now);
    stage.left(id);
    metrics.result(lane, result);
  }
}
