package dev.ballast.modelclient.exchange;

import dev.ballast.modelclient.context.Calibration;
import dev.ballast.modelclient.context.ContextFitter;
import dev.ballast.modelclient.context.ContextPolicy;
import dev.ballast.modelclient.context.ModelLimits;
import dev.ballast.modelclient.context.ModelLimitsTable;
import dev.ballast.modelclient.context.SummaryPlanner;
import dev.ballast.modelclient.context.TokenEstimator;
import dev.ballast.modelclient.structured.SchemaValidator;
import java.util.EnumMap;
import java.util.Map;

/**
 * The instance-wide helpers of exchanges: the token estimator with its learned calibration, the
 * model limits, a fitter per context policy, the summary planner and its cache, and the schema
 * validator. Shared by every thread; this class and everything in it is thread-safe.
 */
public final class ExchangeTools {

  /** Summaries kept, by content hash and summarizer model. */
  private static final int SUMMARIES_KEPT = 10_000;

  private final TokenEstimator estimator;
  private final Calibration calibration;
  private final ModelLimitsTable limits;
  private final Map<ContextPolicy, ContextFitter> fitters = new EnumMap<>(ContextPolicy.class);
  private final SummaryPlanner planner;
  private final SchemaValidator validator;
  private final BoundedCache<String, String> summaries = new BoundedCache<>(SUMMARIES_KEPT);

  /**
   * @param limits context window and output limit per model id, with a default for the others
   * @param safetyMargin fraction of the window left unused for estimation error, in [0, 0.5)
   */
  public ExchangeTools(ModelLimitsTable limits, double safetyMargin) {
    this.estimator = TokenEstimator.standard();
    this.calibration = Calibration.create();
    this.limits = limits;
    for (ContextPolicy p : ContextPolicy.values()) {
      fitters.put(
          p,
          ContextFitter.builder(estimator, limits)
              .withCalibration(calibration)
              .withPolicy(p)
              .withSafetyMargin(safetyMargin)
              .build());
    }
    this.planner = SummaryPlanner.create(estimator, calibration);
    this.validator = SchemaValidator.create();
    // Load the tokenizer's vocabulary now rather than on the first request.
    estimator.estimate("warm up");
  }

  /** Tools over {@code byModel} with {@code fallback} for other models. */
  public static ExchangeTools of(
      ModelLimits fallback, Map<String, ModelLimits> byModel, double safetyMargin) {
    return new ExchangeTools(ModelLimitsTable.of(fallback, byModel), safetyMargin);
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

  /** The fitter of a route's context policy. */
  public ContextFitter fitter(ContextPolicy policy) {
    return fitters.get(policy);
  }

  public SummaryPlanner planner() {
    return planner;
  }

  public SchemaValidator validator() {
    return validator;
  }

  /** Summaries by {@code contentHash|summarizer model}. */
  BoundedCache<String, String> summaries() {
    return summaries;
  }
}
