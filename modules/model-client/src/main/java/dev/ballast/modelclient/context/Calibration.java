package dev.ballast.modelclient.context;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per-model correction of token estimates, learned from the input tokens providers report: the
 * factor is an exponentially weighted moving average of {@code reported / estimated}, bounded to
 * {@code [minFactor, maxFactor]}, 1.0 until a model has been observed. The first observation of a
 * model sets its factor directly. Inference profiles share their base model's factor ({@link
 * ModelIds#base}).
 *
 * <p>Small requests are ignored ({@code estimated < minimumSample}): their counts are dominated by
 * fixed overheads that a factor cannot model.
 *
 * <p>This class is thread-safe: any thread may observe and read; each model's factor is updated
 * atomically. State is in memory only and starts over with the process.
 */
public final class Calibration {

  /** Requests of at least this many estimated tokens move the factor with the full smoothing. */
  static final int WEIGHT_FULL_TOKENS = 1_000;

  /** Calibration settings. */
  public record Options(double smoothing, double minFactor, double maxFactor, int minimumSample) {

    public Options {
      if (!(smoothing > 0 && smoothing <= 1)) {
        throw new IllegalArgumentException("smoothing must be in (0, 1], was " + smoothing);
      }
      if (!(minFactor > 0 && minFactor <= 1)) {
        throw new IllegalArgumentException("minFactor must be in (0, 1], was " + minFactor);
      }
      if (!(maxFactor >= 1 && Double.isFinite(maxFactor))) {
        throw new IllegalArgumentException("maxFactor must be >= 1 and finite, was " + maxFactor);
      }
      if (minimumSample < 1) {
        throw new IllegalArgumentException("minimumSample must be >= 1, was " + minimumSample);
      }
    }
  }

  private record State(double factor, long samples) {}

  private final Options options;
  private final ConcurrentHashMap<String, State> states = new ConcurrentHashMap<>();

  public Calibration(Options options) {
    this.options = Objects.requireNonNull(options, "options");
  }

  /** Smoothing 0.2, factor bounded to [0.5, 3.0], requests under 64 estimated tokens ignored. */
  public static Calibration create() {
    return new Calibration(new Options(0.2, 0.5, 3.0, 64));
  }

  public Options options() {
    return options;
  }

  /**
   * Learns from a successful call: the provider counted {@code reported} input tokens for a request
   * estimated at {@code estimated} (the raw, uncalibrated estimate). Ignored when either is not
   * positive or the request is below the minimum sample.
   */
  public void observe(String model, int estimated, int reported) {
    if (estimated < options.minimumSample() || reported <= 0) {
      return;
    }
    double ratio = bound((double) reported / estimated);
    states.compute(
        ModelIds.base(model),
        (id, old) ->
            old == null
                // The first sample sets the factor as far as its size can be trusted.
                ? new State(bound(1.0 + weight(estimated) * (ratio - 1.0)), 1)
                : new State(
                    bound(ewma(old.factor(), ratio, weight(estimated))), old.samples() + 1));
  }

  /**
   * How much one observation moves the factor: large requests, where a wrong estimate overflows the
   * window, count fully; small ones, dominated by fixed per-message overheads, count little.
   */
  private static double weight(int estimated) {
    return Math.min(1.0, estimated / (double) WEIGHT_FULL_TOKENS);
  }

  /**
   * Learns from a context overflow whose message stated the input size ({@code prompt is too long:
   * N tokens > M maximum}, see {@code OverflowLimits}). Besides the moving average, the factor is
   * raised to at least {@code reported / estimated}, so the next estimate of the same request is
   * not below what the provider counted and a shrink to the provider's limit makes progress.
   * Ignored when either count is not positive.
   */
  public void observeOverflow(String model, int estimated, int reportedTokens) {
    if (estimated <= 0 || reportedTokens <= 0) {
      return;
    }
    double ratio = bound((double) reportedTokens / estimated);
    states.compute(
        ModelIds.base(model),
        (id, old) ->
            old == null
                ? new State(ratio, 1)
                : new State(Math.max(ratio, bound(ewma(old.factor(), ratio))), old.samples() + 1));
  }

  /** The model's correction factor; 1.0 until the model has been observed. */
  public double factor(String model) {
    State state = states.get(ModelIds.base(model));
    return state == null ? 1.0 : state.factor();
  }

  /** A raw estimate corrected for the model, rounded up. */
  public int calibrated(String model, int estimate) {
    return apply(factor(model), estimate);
  }

  /** The factor of every observed model, by base model id; a snapshot for metrics. */
  public Map<String, Double> factors() {
    Map<String, Double> out = new TreeMap<>();
    states.forEach((id, state) -> out.put(id, state.factor()));
    return out;
  }

  /** {@code estimate × factor}, rounded up, saturating at {@link Integer#MAX_VALUE}. */
  static int apply(double factor, int estimate) {
    return (int) Math.min(Integer.MAX_VALUE, (long) Math.ceil(estimate * factor - 1e-9));
  }

  private double ewma(double old, double sample) {
    return ewma(old, sample, 1.0);
  }

  private double ewma(double old, double sample, double weight) {
    return old + options.smoothing() * weight * (sample - old);
  }

  private double bound(double factor) {
    return Math.max(options.minFactor(), Math.min(options.maxFactor(), factor));
  }
}
