package dev.ballast.modelclient.exchange;

import dev.ballast.modelclient.Admission;
import dev.ballast.modelclient.CallReport;
import dev.ballast.modelclient.ModelRequest;
import dev.ballast.modelclient.context.ContextFitter;
import dev.ballast.modelclient.context.ContextPolicy;
import dev.ballast.modelclient.context.FitResult;
import dev.ballast.modelclient.context.ModelLimits;
import dev.ballast.modelclient.context.SummaryPlan;
import dev.ballast.schemas.Degradation;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The first step of an exchange: the request made to fit the model's window by the route's context
 * policy (truncating, or summarizing older history with the summarizer), and made shorter when a
 * timeout asked for a shorter context. Thread-safe (stateless but for the shared tools).
 */
final class Fitting {

  private static final Logger log = LoggerFactory.getLogger(Fitting.class);

  private final ExchangeTools tools;
  private final ExchangeListener listener;
  private final Clock clock;

  Fitting(ExchangeTools tools, ExchangeListener listener, Clock clock) {
    this.tools = tools;
    this.listener = listener;
    this.clock = clock;
  }

  /** The fitted request, or null when it cannot fit (a not-sent overflow is recorded). */
  CompletableFuture<FitResult> prepare(ModelRequest base, boolean shorter, Progress p) {
    ContextPolicy policy = p.route.context();
    ContextFitter fitter = tools.fitter(policy);
    ModelRequest start = withinOutputLimit(shorter ? shorter(base, fitter, p) : base, p);
    FitResult fit = fitter.fit(start, p.model);
    if (!fit.changed() && fit.fits()) {
      return CompletableFuture.completedFuture(fit);
    }
    if (policy == ContextPolicy.FAIL || !fit.fits()) {
      p.cannotFit(
          fit.fits()
              ? "the request has "
                  + fit.tokensBefore()
                  + " input tokens; "
                  + p.model
                  + " takes at most "
                  + fit.budget()
                  + " (the route's context policy is 'fail')"
              : fit.message(),
          clock.millis());
      return CompletableFuture.completedFuture(null);
    }
    if (policy != ContextPolicy.SUMMARIZE) {
      p.degradations.add(Degradation.TRUNCATED);
      return CompletableFuture.completedFuture(fit);
    }
    return summarized(start, fit, fitter, p);
  }

  /**
   * The request with its {@code maxTokens} lowered to the model's configured output limit when it
   * asks for more (an endpoint later in the chain may take less than the primary): said in the
   * result as {@code OUTPUT_LIMITED}, never silently.
   */
  private ModelRequest withinOutputLimit(ModelRequest request, Progress p) {
    ModelLimits listed = tools.limits().listed(p.model);
    if (listed == null
        || request.maxTokens() == null
        || request.maxTokens() <= listed.maxOutputTokens()) {
      return request;
    }
    p.degradations.add(Degradation.OUTPUT_LIMITED);
    return request.withMaxTokens(listed.maxOutputTokens());
  }

  /**
   * Half the input of {@code base} by the route's policy: the one shortening algorithm, also used
   * for context overflows. Unchanged when nothing can be cut.
   */
  static FitResult halved(ModelRequest base, ContextFitter fitter, String model) {
    return fitter.shrink(base, model, Math.max(1, fitter.estimate(base, model) / 2));
  }

  private static ModelRequest shorter(ModelRequest base, ContextFitter fitter, Progress p) {
    FitResult half = halved(base, fitter, p.model);
    if (!half.fits() || !half.changed()) {
      return base;
    }
    p.degradations.add(Degradation.SHORTER_CONTEXT);
    return half.request();
  }

  private CompletableFuture<FitResult> summarized(
      ModelRequest base, FitResult fit, ContextFitter fitter, Progress p) {
    int budget = fitter.budget(base, p.model);
    SummaryPlan plan = tools.planner().plan(base, p.model, budget).orElse(null);
    if (plan == null) {
      p.degradations.add(Degradation.TRUNCATED);
      return CompletableFuture.completedFuture(fit);
    }
    String key = plan.contentHash() + "|" + p.route.summarizer().endpoint().model();
    String cached = tools.summaries().get(key);
    CompletableFuture<String> summary;
    if (cached != null) {
      summary = CompletableFuture.completedFuture(cached);
    } else if (p.outOfTime(p.route.summarizer(), clock.millis())) {
      return CompletableFuture.completedFuture(null);
    } else {
      summary =
          p.route
              .summarizer()
              .call(plan.summaryRequest(), Admission.Lane.ONLINE, 0, p.budget, p.remaining())
              .thenApply(report -> summaryText(report, key, p));
    }
    return summary.thenApply(
        text -> {
          if (text == null) {
            log.warn("The summarizer failed for request {}; truncating instead", base.requestId());
            p.degradations.add(Degradation.TRUNCATED);
            return fit;
          }
          p.degradations.add(Degradation.SUMMARIZED);
          FitResult refit = fitter.fit(tools.planner().apply(base, plan, text), p.model);
          if (refit.changed()) {
            p.degradations.add(Degradation.TRUNCATED);
          }
          if (!refit.fits()) {
            p.cannotFit(refit.message(), clock.millis());
            return null;
          }
          return refit;
        });
  }

  private String summaryText(CallReport report, String key, Progress p) {
    p.calls.addAll(report.calls());
    if (!report.succeeded() || report.response().text().isBlank()) {
      return null;
    }
    listener.onSummary();
    tools.summaries().put(key, report.response().text());
    return report.response().text();
  }
}
