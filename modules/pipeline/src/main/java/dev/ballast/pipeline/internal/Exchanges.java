package dev.ballast.pipeline.internal;

import dev.ballast.modelclient.CallOutcome;
import dev.ballast.modelclient.CallReport;
import dev.ballast.modelclient.EndpointCaller;
import dev.ballast.modelclient.ErrorClassifier;
import dev.ballast.modelclient.Failure;
import dev.ballast.modelclient.FailureClass;
import dev.ballast.modelclient.ModelRequest;
import dev.ballast.modelclient.ModelResponse;
import dev.ballast.modelclient.context.ContextFitter;
import dev.ballast.modelclient.context.FitPolicy;
import dev.ballast.modelclient.context.FitResult;
import dev.ballast.modelclient.context.SummaryPlan;
import dev.ballast.modelclient.structured.JsonExtractor;
import dev.ballast.modelclient.structured.OutputCheck;
import dev.ballast.modelclient.structured.Reask;
import dev.ballast.pipeline.CallResult;
import dev.ballast.pipeline.PipelineMetrics;
import dev.ballast.pipeline.RouteConfig;
import dev.ballast.pipeline.RouteConfig.ContextPolicy;
import dev.ballast.schemas.Degradation;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves one request on one endpoint, payload first: fits the input to the model's window
 * (truncating, or summarizing older history with the summarizer route), calls, shrinks and calls
 * again when the provider still says the input is too long, checks a structured answer against the
 * request's JSON Schema and re-asks with the validator's errors. Every HTTP call made is in the
 * result, so tokens are counted across attempts.
 *
 * <p>Runs on dispatcher and client threads, one step after another for a given request; never on a
 * stream thread. Thread-safe: all per-request progress lives in a {@link Progress} handed from step
 * to step.
 */
public final class Exchanges {

  private static final Logger log = LoggerFactory.getLogger(Exchanges.class);

  /** Validator errors repeated in a failure message. */
  private static final int ERRORS_IN_MESSAGE = 5;

  private final ContextServices ctx;
  private final PipelineMetrics metrics;
  private final Clock clock;
  private final BiFunction<String, ModelRequest, CompletableFuture<CallReport>> summarizer;

  /**
   * @param summarizer calls a route's primary endpoint with a request: used for summaries
   */
  public Exchanges(
      ContextServices ctx,
      PipelineMetrics metrics,
      Clock clock,
      BiFunction<String, ModelRequest, CompletableFuture<CallReport>> summarizer) {
    this.ctx = ctx;
    this.metrics = metrics;
    this.clock = clock;
    this.summarizer = summarizer;
  }

  /** What one request's exchange has done so far; owned by one step at a time. */
  private static final class Progress {
    final List<CallOutcome> calls = new ArrayList<>();
    final Set<Degradation> degradations = new LinkedHashSet<>();
    final dev.ballast.modelclient.Admission.Lane lane;
    int nextAttempt;
    int reasks;
    int overflowRetries;

    Progress(int firstAttempt, dev.ballast.modelclient.Admission.Lane lane) {
      this.nextAttempt = firstAttempt;
      this.lane = lane;
    }

    CallResult result() {
      return new CallResult(new CallReport(calls), List.copyOf(degradations), reasks);
    }
  }

  public CompletableFuture<CallResult> run(
      ModelRequest base,
      String schema,
      RouteConfig route,
      EndpointCaller caller,
      dev.ballast.modelclient.Admission.Lane lane) {
    Progress p = new Progress(base.attempt(), lane);
    String model = caller.endpoint().model();
    return prepare(base, route, model, caller, p)
        .thenCompose(
            prepared ->
                prepared == null
                    ? CompletableFuture.completedFuture(p.result())
                    : send(prepared, schema, route, model, caller, p));
  }

  /** The request fitted to the model, or null when it cannot fit (a failure is recorded). */
  private CompletableFuture<ModelRequest> prepare(
      ModelRequest base, RouteConfig route, String model, EndpointCaller caller, Progress p) {
    ContextPolicy policy = route.context();
    ContextFitter fitter = ctx.fitter(fitPolicy(policy));
    FitResult fit = fitter.fit(base, model);
    if (!fit.changed() && fit.fits()) {
      return CompletableFuture.completedFuture(base);
    }
    if (policy == ContextPolicy.FAIL || !fit.fits()) {
      String message =
          fit.fits()
              ? "the request has "
                  + fit.tokensBefore()
                  + " input tokens; "
                  + model
                  + " takes at most "
                  + fit.budget()
                  + " (the route's context policy is 'fail')"
              : fit.message();
      p.calls.add(overflow(caller, p, message));
      return CompletableFuture.completedFuture(null);
    }
    if (policy != ContextPolicy.SUMMARIZE) {
      p.degradations.add(Degradation.TRUNCATED);
      return CompletableFuture.completedFuture(fit.request());
    }
    int budget = fitter.budget(base, model);
    SummaryPlan plan = ctx.planner().plan(base, model, budget).orElse(null);
    if (plan == null) {
      p.degradations.add(Degradation.TRUNCATED);
      return CompletableFuture.completedFuture(fit.request());
    }
    String summarizerModel = route.summarizer();
    String key = plan.contentHash() + "|" + summarizerModel;
    String cached = ctx.summaries().get(key);
    CompletableFuture<String> summary =
        cached != null
            ? CompletableFuture.completedFuture(cached)
            : summarizer
                .apply(route.summarizer(), plan.summaryRequest())
                .thenApply(
                    report -> {
                      p.calls.addAll(report.calls());
                      if (!report.succeeded() || report.response().text().isBlank()) {
                        return null;
                      }
                      metrics.summaries.increment();
                      ctx.summaries().put(key, report.response().text());
                      return report.response().text();
                    });
    return summary.thenApply(
        text -> {
          if (text == null) {
            log.warn(
                "Summarizer route '{}' failed for request {}; truncating instead",
                route.summarizer(),
                base.requestId());
            p.degradations.add(Degradation.TRUNCATED);
            return fit.request();
          }
          p.degradations.add(Degradation.SUMMARIZED);
          FitResult refit = fitter.fit(ctx.planner().apply(base, plan, text), model);
          if (refit.changed()) {
            p.degradations.add(Degradation.TRUNCATED);
          }
          if (!refit.fits()) {
            p.calls.add(overflow(caller, p, refit.message()));
            return null;
          }
          return refit.request();
        });
  }

  private CompletableFuture<CallResult> send(
      ModelRequest request,
      String schema,
      RouteConfig route,
      String model,
      EndpointCaller caller,
      Progress p) {
    ModelRequest call = request.withAttempt(p.nextAttempt);
    // One tokenizer pass per call: it prices admission, and scores and teaches the calibration.
    int raw = ctx.estimator().estimate(call);
    int calibrated = ctx.calibration().calibrated(model, raw);
    long charge =
        (long) calibrated + ctx.fitter(FitPolicy.TRUNCATE_MIDDLE).outputTokens(call, model);
    return caller
        .call(call, p.lane, charge)
        .thenCompose(
            report -> {
              p.calls.addAll(report.calls());
              p.nextAttempt = report.last().attempt() + 1;
              if (report.succeeded()) {
                observe(model, raw, calibrated, report.response());
                return schema == null
                    ? CompletableFuture.completedFuture(p.result())
                    : checked(request, schema, route, model, caller, p);
              }
              Failure f = report.failure();
              if (f.failureClass() == FailureClass.CONTEXT_OVERFLOW
                  && p.overflowRetries < ctx.overflowRetries()) {
                p.overflowRetries++;
                int[] tokens = ErrorClassifier.overflowTokens(f.message());
                if (tokens != null) {
                  ctx.calibration().observeOverflow(model, raw, tokens[0]);
                }
                FitResult shrunk =
                    ctx.fitter(FitPolicy.TRUNCATE_MIDDLE)
                        .shrinkAfterOverflow(call, model, f.message());
                if (shrunk.fits() && shrunk.changed()) {
                  p.degradations.add(Degradation.TRUNCATED);
                  return send(shrunk.request(), schema, route, model, caller, p);
                }
              }
              return CompletableFuture.completedFuture(p.result());
            });
  }

  private CompletableFuture<CallResult> checked(
      ModelRequest request,
      String schema,
      RouteConfig route,
      String model,
      EndpointCaller caller,
      Progress p) {
    int last = p.calls.size() - 1;
    CallOutcome answered = p.calls.get(last);
    ModelResponse response = answered.response();
    OutputCheck check;
    try {
      check = OutputCheck.check(response, schema, ctx.validator());
    } catch (IllegalArgumentException badSchema) {
      p.calls.set(last, CallOutcome.rejected(answered, invalidOutput(badSchema.getMessage())));
      return CompletableFuture.completedFuture(p.result());
    }
    if (check instanceof OutputCheck.Valid valid) {
      if (valid.extracted() && !isWholeJson(response.text())) {
        p.degradations.add(Degradation.JSON_EXTRACTED);
      }
      p.calls.set(
          last,
          new CallOutcome(
              answered.endpoint(),
              answered.attempt(),
              answered.startedAtMs(),
              answered.latencyMs(),
              new ModelResponse(
                  response.endpoint(),
                  response.json() == null ? "" : response.text(),
                  valid.json(),
                  response.stopReason(),
                  response.inputTokens(),
                  response.outputTokens(),
                  response.latency(),
                  response.providerRequestId()),
              null));
      return CompletableFuture.completedFuture(p.result());
    }
    OutputCheck.Invalid invalid = (OutputCheck.Invalid) check;
    String message =
        "the answer did not match the response schema ("
            + (p.reasks + 1)
            + " answer"
            + (p.reasks == 0 ? "" : "s")
            + "): "
            + String.join(
                "; ",
                invalid.errors().subList(0, Math.min(ERRORS_IN_MESSAGE, invalid.errors().size())))
            + (invalid.errors().size() > ERRORS_IN_MESSAGE
                ? "; and " + (invalid.errors().size() - ERRORS_IN_MESSAGE) + " more"
                : "");
    p.calls.set(last, CallOutcome.rejected(answered, invalidOutput(message)));
    if (p.reasks >= route.maxReasks()) {
      return CompletableFuture.completedFuture(p.result());
    }
    p.reasks++;
    metrics.reasks.increment();
    p.degradations.add(Degradation.REASKED);
    return send(Reask.request(request, invalid), schema, route, model, caller, p);
  }

  /** Scores the estimates made before the call against what the provider counted, and learns. */
  private void observe(String model, int raw, int calibrated, ModelResponse response) {
    if (response.inputTokens() <= 0) {
      return;
    }
    int reported = response.inputTokens();
    metrics.estimates.increment();
    metrics.reportedInputTokens.add(reported);
    metrics.estimateErrorTokens.add(Math.abs(calibrated - reported));
    metrics.rawEstimateErrorTokens.add(Math.abs(raw - reported));
    ctx.calibration().observe(model, raw, reported);
  }

  private CallOutcome overflow(EndpointCaller caller, Progress p, String message) {
    return CallOutcome.failure(
        caller.endpoint(),
        p.nextAttempt,
        clock.millis(),
        0,
        new Failure(
            FailureClass.CONTEXT_OVERFLOW,
            "CONTEXT_OVERFLOW",
            message,
            "ContextOverflow",
            0,
            null));
  }

  private static Failure invalidOutput(String message) {
    return new Failure(
        FailureClass.MALFORMED_OUTPUT,
        ReasonCodes.INVALID_OUTPUT,
        message,
        "InvalidOutput",
        0,
        null);
  }

  private static boolean isWholeJson(String text) {
    return JsonExtractor.extract(text)
        .map(e -> e.source() == JsonExtractor.Source.WHOLE)
        .orElse(false);
  }

  private static FitPolicy fitPolicy(ContextPolicy policy) {
    return switch (policy) {
      case DROP_MIDDLE -> FitPolicy.DROP_MIDDLE;
      case DROP_OLDEST -> FitPolicy.DROP_OLDEST;
      case FAIL, TRUNCATE_MIDDLE, SUMMARIZE -> FitPolicy.TRUNCATE_MIDDLE;
    };
  }
}
