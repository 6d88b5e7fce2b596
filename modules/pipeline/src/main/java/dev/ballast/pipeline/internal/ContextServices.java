package dev.ballast.pipeline.internal;

import dev.ballast.modelclient.context.Calibration;
import dev.ballast.modelclient.context.ContextFitter;
import dev.ballast.modelclient.context.FitPolicy;
import dev.ballast.modelclient.context.ModelLimits;
import dev.ballast.modelclient.context.ModelLimitsTable;
import dev.ballast.modelclient.context.SummaryPlanner;
import dev.ballast.modelclient.context.TokenEstimator;
import dev.ballast.modelclient.structured.SchemaValidator;
import dev.ballast.pipeline.BallastConfig;
import dev.ballast.pipeline.ConfigKeys;
import dev.ballast.pipeline.ModelConfig;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The instance-wide helpers for payloads: the token estimator with its learned calibration, the
 * model limits, the fitters, the summary planner and cache, and the schema validator. Shared by
 * every thread; this class and everything in it is thread-safe.
 */
public final class ContextServices {

  private final TokenEstimator estimator;
  private final Calibration calibration;
  private final ModelLimitsTable limits;
  private final Map<FitPolicy, ContextFitter> fitters = new LinkedHashMap<>();
  private final SummaryPlanner planner;
  private final SchemaValidator validator;
  private final BoundedCache<String, String> summaries = new BoundedCache<>(10_000);
  private final int overflowRetries;

  public ContextServices(BallastConfig config) {
    this.estimator = TokenEstimator.standard();
    this.calibration = Calibration.create();
    Map<String, ModelLimits> byModel = new LinkedHashMap<>();
    for (ModelConfig m : config.models().values()) {
      byModel.put(m.id(), new ModelLimits(m.contextWindow(), m.maxOutputTokens()));
    }
    this.limits =
        ModelLimitsTable.of(
            new ModelLimits(
                ModelConfig.DEFAULT_CONTEXT_WINDOW, ModelConfig.DEFAULT_MAX_OUTPUT_TOKENS),
            byModel);
    double margin = config.intValue(ConfigKeys.CONTEXT_SAFETY_MARGIN) / 100.0;
    for (FitPolicy p : FitPolicy.values()) {
      fitters.put(
          p,
          ContextFitter.builder(estimator, limits)
              .withCalibration(calibration)
              .withPolicy(p)
              .withSafetyMargin(margin)
              .build());
    }
    this.planner = SummaryPlanner.create(estimator, calibration);
    this.validator = SchemaValidator.create();
    this.overflowRetries = config.intValue(ConfigKeys.CONTEXT_OVERFLOW_RETRIES);
    // Load the tokenizer's vocabulary now rather than on the first request.
    estimator.estimate("warm up");
  }

  public TokenEstimator estimator() {
    return estimator;
  }

  public Calibration calibration() {
    return calibration;
  }

  public ModelLimitsTable limits() {
    return limits;
  }

  public ContextFitter fitter(FitPolicy policy) {
    return fitters.get(policy);
  }

  public SummaryPlanner planner() {
    return planner;
  }

  public SchemaValidator validator() {
    return validator;
  }

  /** Summaries by {@code contentHash|summarizer model}. */
  public BoundedCache<String, String> summaries() {
    return summaries;
  }

  /** Immediate shrink-and-retry rounds after a provider's context-overflow error. */
  public int overflowRetries() {
    return overflowRetries;
  }
}
