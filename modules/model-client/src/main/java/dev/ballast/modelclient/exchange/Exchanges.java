package dev.ballast.modelclient.exchange;

import dev.ballast.modelclient.Admission;
import dev.ballast.modelclient.CallOutcome;
import dev.ballast.modelclient.EndpointCaller;
import dev.ballast.modelclient.Failure;
import dev.ballast.modelclient.FailureClass;
import dev.ballast.modelclient.ModelRequest;
import dev.ballast.modelclient.ModelResponse;
import dev.ballast.modelclient.context.ContextFitter;
import dev.ballast.modelclient.context.FitResult;
import dev.ballast.modelclient.recovery.CallBudget;
import dev.ballast.modelclient.recovery.RecoveryPlan;
import dev.ballast.modelclient.structured.OutputCheck;
import dev.ballast.modelclient.structured.Reask;
import dev.ballast.schemas.Degradation;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;

/**
 * Serves one request on one endpoint: the per-endpoint exchange. Fits the input to the model's
 * window ({@link Fitting}), calls, shrinks and calls again at once when the provider still says the
 * input is too long, checks a structured answer against the request's JSON Schema and re-asks with
 * the validator's errors. Whether to shrink or re-ask again is the {@link RecoveryPlan}'s call;
 * every HTTP call is paid for by the exchange's {@link CallBudget} and recorded in the result, so
 * tokens and calls are counted across attempts. One tokenizer pass per call: the estimate that fits
 * the request also prices its admission and scores the calibration. Every call of the request asks
 * for the service tier its route names for its lane. One deadline (the stage timeout) covers every
 * call of an exchange: a step that would start after it is not sent ({@code STAGE_TIMEOUT}), and
 * each call is bounded by the time left.
 *
 * <p>Runs on the caller's thread and client threads, one step after another for a given request;
 * never blocks. Thread-safe: all per-request progress lives in a {@link Progress} handed from step
 * to step.
 */
public final class Exchanges {

  private final ExchangeTools tools;
  private final RecoveryPlan plan;
  private final ExchangeListener listener;
  private final Fitting fitting;
  private final Duration stageTimeout;
  private final Clock clock;

  /**
   * @param stageTimeout each exchange's one deadline, covering its summary, overflow resends and
   *     re-asks with their retries; below the Streams transaction timeout (checked by the
   *     pipeline's configuration)
   */
  public Exchanges(
      ExchangeTools tools,
      RecoveryPlan plan,
      ExchangeListener listener,
      Clock clock,
      Duration stageTimeout) {
    this.tools = tools;
    this.plan = plan;
    this.listener = listener;
    this.clock = clock;
    this.stageTimeout = stageTimeout;
    this.fitting = new Fitting(tools, listener, clock);
  }

  public ExchangeTools tools() {
    return tools;
  }

  /**
   * Serves {@code base} on {@code caller}'s endpoint.
   *
   * @param base the request as the client sent it
   * @param route the request's route
   * @param caller the endpoint to call
   * @param lane the admission lane
   * @param budget numbers and pays for every call; a spent budget sends nothing
   * @param shorter whether to shorten the context first (a retry after a timeout)
   * @return what the exchange came to; never completes exceptionally for a call's failure
   */
  public CompletableFuture<ExchangeResult> run(
      ModelRequest base,
      ExchangeRoute route,
      EndpointCaller caller,
      Admission.Lane lane,
      CallBudget budget,
      boolean shorter) {
    Progress p = new Progress(caller, route, lane, budget, stageTimeout);
    return fitting
        .prepare(base, shorter, p)
        .thenCompose(
            fit -> fit == null ? CompletableFuture.completedFuture(p.result()) : send(fit, p))
        .thenApply(this::reported);
  }

  /** Tells the listener of every call of a finished exchange. */
  private ExchangeResult reported(ExchangeResult result) {
    for (CallOutcome c : result.report().calls()) {
      ModelResponse r = c.response();
      listener.onCall(
          c.endpoint(),
          c.sent(),
          c.failure() == null
              ? "success"
              : c.failure().failureClass().name().toLowerCase(Locale.ROOT),
          c.sent() ? null : c.failure().reasonCode().name(),
          c.latencyMs(),
          r == null ? 0 : r.inputTokens(),
          r == null ? 0 : r.outputTokens());
    }
    return result;
  }

  private CompletableFuture<ExchangeResult> send(FitResult fit, Progress p) {
    ModelRequest call =
        fit.request()
            .withServiceTier(p.route.tiers().of(p.lane))
            .withStructuredOutput(p.route.structuredOutput());
    int raw = fit.rawTokens();
    int calibrated = tools.calibration().calibrated(p.model, raw);
    ContextFitter fitter = tools.fitter(p.route.context());
    long charge = (long) calibrated + fitter.outputTokens(call, p.model);
    if (p.outOfTime(p.caller, clock.millis())) {
      return CompletableFuture.completedFuture(p.result());
    }
    return p.caller
        .call(call, p.lane, charge, p.budget, p.remaining())
        .thenCompose(
            report -> {
              p.calls.addAll(report.calls());
              if (report.succeeded()) {
                observe(raw, calibrated, report.response(), p);
                return call.responseSchema() == null
                    ? CompletableFuture.completedFuture(p.result())
                    : checked(call, p);
              }
              Failure f = report.failure();
              if (plan.shrinkAgain(f, p.shrinks)) {
                p.shrinks++;
                FitResult shrunk = fitter.shrinkAfterOverflow(call, p.model, f.message(), raw);
                if (shrunk.fits() && shrunk.changed()) {
                  p.degradations.add(Degradation.TRUNCATED);
                  return send(shrunk, p);
                }
              }
              if (f.failureClass() == FailureClass.TIMEOUT) {
                p.shortenable = Fitting.halved(call, fitter, p.model).changed();
              }
              return CompletableFuture.completedFuture(p.result());
            });
  }

  private CompletableFuture<ExchangeResult> checked(ModelRequest request, Progress p) {
    OutputCheck.Invalid invalid = AnswerCheck.check(request.responseSchema(), tools.validator(), p);
    Failure f = p.calls.get(p.calls.size() - 1).failure();
    if (invalid == null || !plan.reaskAgain(f, p.reasks, p.route.maxReasks())) {
      return CompletableFuture.completedFuture(p.result());
    }
    p.reasks++;
    listener.onReask();
    p.degradations.add(Degradation.REASKED);
    ModelRequest again = Reask.request(request, invalid);
    ContextFitter fitter = tools.fitter(p.route.context());
    return send(fitter.fit(again, p.model), p);
  }

  /** Scores the estimates made before the call against what the provider counted, and learns. */
  private void observe(int raw, int calibrated, ModelResponse response, Progress p) {
    if (response.inputTokens() <= 0) {
      return;
    }
    listener.onEstimate(raw, calibrated, response.inputTokens());
    tools.calibration().observe(p.model, raw, response.inputTokens());
  }
}
