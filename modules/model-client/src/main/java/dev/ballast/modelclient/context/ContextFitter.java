package dev.ballast.modelclient.context;

import dev.ballast.modelclient.ModelRequest;
import dev.ballast.modelclient.context.internal.Conversation;
import dev.ballast.modelclient.context.internal.OverflowLimits;
import dev.ballast.modelclient.context.internal.Requests;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Locale;
import java.util.Objects;
import java.util.function.IntFunction;

/**
 * Fits requests into a model's context window. The input budget is the context window less the
 * output tokens (the request's {@code maxTokens}, else the model's default) less a safety margin (a
 * fraction of the window); estimates are calibrated per model. A request over budget is made
 * smaller by its {@link ContextPolicy}; when even the system prompt and the last user turn are too
 * large, the last user turn's middle is cut out as a last resort (unless disabled); when that
 * cannot help either, the result says the request does not fit, with the numbers.
 *
 * <p>Cost: one token estimate of the request (see {@link TokenEstimator}), plus one estimate of
 * each truncated text per truncation round; dropping turns costs no further estimates.
 *
 * <p>This class is immutable and thread-safe; the {@link Calibration} it reads and, through {@link
 * #shrinkAfterOverflow}, updates is thread-safe too.
 */
public final class ContextFitter {

  /** The fewest tokens of the last user turn's text worth keeping when cutting it. */
  static final int MIN_KEEP_LAST_TURN = 32;

  /**
   * Fitter settings.
   *
   * @param policy how to make a request smaller
   * @param safetyMargin fraction of the context window (or of a shrink target) left unused for
   *     estimation error, in [0, 0.5)
   * @param lastResortTruncation whether the last user turn may be cut when nothing else helps
   */
  public record Options(ContextPolicy policy, double safetyMargin, boolean lastResortTruncation) {

    public Options {
      Objects.requireNonNull(policy, "policy");
      if (!(safetyMargin >= 0 && safetyMargin < 0.5)) {
        throw new IllegalArgumentException("safetyMargin must be in [0, 0.5), was " + safetyMargin);
      }
    }
  }

  /** Builds a {@link ContextFitter}; not thread-safe. */
  public static final class Builder {
    private final TokenEstimator estimator;
    private final ModelLimitsTable limits;
    private Calibration calibration = Calibration.create();
    private ContextPolicy policy = ContextPolicy.DROP_MIDDLE;
    private double safetyMargin = 0.02;
    private boolean lastResortTruncation = true;

    private Builder(TokenEstimator estimator, ModelLimitsTable limits) {
      this.estimator = Objects.requireNonNull(estimator, "estimator");
      this.limits = Objects.requireNonNull(limits, "limits");
    }

    /** The calibration to read (and to update on overflows); default a new one of its own. */
    public Builder withCalibration(Calibration calibration) {
      this.calibration = Objects.requireNonNull(calibration, "calibration");
      return this;
    }

    /** Default {@link ContextPolicy#DROP_MIDDLE}. */
    public Builder withPolicy(ContextPolicy policy) {
      this.policy = policy;
      return this;
    }

    /** Fraction of the window left unused; default 0.02. */
    public Builder withSafetyMargin(double fraction) {
      this.safetyMargin = fraction;
      return this;
    }

    /** Whether the last user turn may be cut as a last resort; default true. */
    public Builder withLastResortTruncation(boolean enabled) {
      this.lastResortTruncation = enabled;
      return this;
    }

    public ContextFitter build() {
      return new ContextFitter(
          estimator, limits, calibration, new Options(policy, safetyMargin, lastResortTruncation));
    }
  }

  private final TokenEstimator estimator;
  private final ModelLimitsTable limits;
  private final Calibration calibration;
  private final Options options;

  private ContextFitter(
      TokenEstimator estimator, ModelLimitsTable limits, Calibration calibration, Options options) {
    this.estimator = estimator;
    this.limits = limits;
    this.calibration = calibration;
    this.options = options;
  }

  public static Builder builder(TokenEstimator estimator, ModelLimitsTable limits) {
    return new Builder(estimator, limits);
  }

  /** Output tokens the request reserves on the model: its {@code maxTokens}, else the default. */
  public int outputTokens(ModelRequest request, String model) {
    return request.maxTokens() != null
        ? request.maxTokens()
        : limits.limits(model).maxOutputTokens();
  }

  /** Input tokens the request may have on the model; may be negative when output takes it all. */
  public int budget(ModelRequest request, String model) {
    int window = limits.limits(model).contextWindow();
    return window - outputTokens(request, model) - margin(window);
  }

  /** The request's calibrated input token estimate for the model. */
  public int estimate(ModelRequest request, String model) {
    return calibration.calibrated(model, estimator.estimate(request));
  }

  /** Fits the request into the model's window with the configured policy. */
  public FitResult fit(ModelRequest request, String model) {
    return fit(request, model, options.policy());
  }

  /** Fits the request into the model's window with the given policy. */
  public FitResult fit(ModelRequest request, String model, ContextPolicy policy) {
    int window = limits.limits(model).contextWindow();
    int output = outputTokens(request, model);
    int budget = budget(request, model);
    return fitTo(
        request,
        model,
        budget,
        policy,
        tokens ->
            String.format(
                Locale.ROOT,
                "the request has %,d input tokens; %s takes at most %,d with %,d output tokens"
                    + " (a %,d-token context window, %s safety margin)",
                tokens,
                model,
                Math.max(0, budget),
                output,
                window,
                percent()));
  }

  /**
   * Shrinks the request to at most {@code targetInputTokens} less the safety margin, with the
   * configured policy: for a retry after the provider said the input is too long and stated its
   * limit. Call {@link Calibration#observeOverflow} first (or use {@link #shrinkAfterOverflow}), so
   * the estimate reflects what the provider counted. A result that is unchanged made no progress.
   */
  public FitResult shrink(ModelRequest request, String model, int targetInputTokens) {
    int budget = targetInputTokens - margin(targetInputTokens);
    return fitTo(
        request,
        model,
        budget,
        options.policy(),
        tokens ->
            String.format(
                Locale.ROOT,
                "the request has %,d input tokens; %s takes at most %,d"
                    + " (its limit of %,d input tokens less a %s safety margin)",
                tokens,
                model,
                Math.max(0, budget),
                targetInputTokens,
                percent()));
  }

  /**
   * Learns from a context-overflow error and shrinks the request it was about. With a message that
   * states the numbers ({@code prompt is too long: N tokens > M maximum}, or OpenAI's {@code
   * maximum context length is M tokens…}) the calibration observes the provider's count and the
   * request is shrunk to the stated input limit (for OpenAI's whole-window limit, less the output
   * tokens). Without numbers ({@code Input is too long for requested model.}) the provider counted
   * more than the window less the output tokens as this table knows them, so the calibration is
   * raised to at least that, and the request is fitted to the window.
   *
   * @param request the request that overflowed
   * @param model the model that refused it
   * @param overflowMessage the provider's message ({@code Failure.message()}); may be null
   */
  public FitResult shrinkAfterOverflow(ModelRequest request, String model, String overflowMessage) {
    return shrinkAfterOverflow(request, model, overflowMessage, estimator.estimate(request));
  }

  /**
   * As {@link #shrinkAfterOverflow(ModelRequest, String, String)}, with the raw estimate of {@code
   * request} the caller already made ({@link FitResult#rawTokens()}), so no second pass is needed.
   */
  public FitResult shrinkAfterOverflow(
      ModelRequest request, String model, String overflowMessage, int raw) {
    OverflowLimits stated = OverflowLimits.parse(overflowMessage);
    if (stated != null) {
      calibration.observeOverflow(model, raw, stated.inputTokens());
      return shrink(
          request,
          model,
          stated.limitIncludesOutput()
              ? stated.limit() - outputTokens(request, model)
              : stated.limit());
    }
    long lowerBound =
        (long) limits.limits(model).contextWindow() - outputTokens(request, model) + 1;
    if (lowerBound > 0 && calibration.calibrated(model, raw) < lowerBound) {
      calibration.observeOverflow(model, raw, (int) lowerBound);
    }
    return fit(request, model);
  }

  private FitResult fitTo(
      ModelRequest request,
      String model,
      int budget,
      ContextPolicy policy,
      IntFunction<String> tooLarge) {
    double factor = calibration.factor(model);
    int fixed = estimator.fixedTokens(request);
    Conversation conversation = new Conversation(request.turns(), estimator);
    int rawBefore = fixed + conversation.tokens();
    int before = Calibration.apply(factor, rawBefore);
    if (before <= budget) {
      return new FitResult(
          request,
          true,
          false,
          before,
          before,
          budget,
          0,
          0,
          // On every call's path: concatenated, as String.format took a measurable share of a call.
          "fits: " + before + " of " + budget + " input tokens",
          rawBefore);
    }
    // Work in raw estimator units: raw <= floor(budget / factor) <=> calibrated <= budget.
    int rawBudget = budget <= 0 ? 0 : (int) Math.floor(budget / factor);
    FitSteps.shrinkTurns(conversation, rawBudget - fixed, policy);
    int raw = fixed + conversation.tokens();
    if (raw > rawBudget && options.lastResortTruncation()) {
      int room =
          rawBudget
              - fixed
              - (conversation.tokens() - conversation.anchorTokens())
              - estimator.options().messageOverhead();
      conversation.truncateAnchor(room, MIN_KEEP_LAST_TURN);
      raw = fixed + conversation.tokens();
    }
    if (raw > rawBudget) {
      return new FitResult(
          request, false, false, before, before, budget, 0, 0, tooLarge.apply(before), rawBefore);
    }
    int after = Calibration.apply(factor, raw);
    return new FitResult(
        Requests.withTurns(request, conversation.turns()),
        true,
        true,
        before,
        after,
        budget,
        conversation.dropped(),
        conversation.truncations(),
        String.format(
            Locale.ROOT,
            "%s to fit: %,d → %,d of %,d input tokens",
            FitSteps.changes(conversation.dropped(), conversation.truncations()),
            before,
            after,
            budget),
        raw);
  }

  private int margin(int tokens) {
    return (int) Math.ceil(Math.max(0, tokens) * options.safetyMargin());
  }

  private String percent() {
    return new BigDecimal(options.safetyMargin() * 100)
            .round(new MathContext(3))
            .stripTrailingZeros()
            .toPlainString()
        + "%";
  }
}
