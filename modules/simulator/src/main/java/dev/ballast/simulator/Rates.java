package dev.ballast.simulator;

/**
 * Probabilities of random faults per call, drawn from the scenario's seed. The first four are
 * exclusive (one draw decides among them); {@code malformed} applies to structured answers only.
 *
 * <p>Immutable and thread-safe.
 *
 * @param throttle probability of {@link ErrorType#THROTTLING}
 * @param internalError probability of {@link ErrorType#INTERNAL_SERVER}
 * @param serviceUnavailable probability of {@link ErrorType#SERVICE_UNAVAILABLE}
 * @param modelTimeout probability of {@link ErrorType#MODEL_TIMEOUT}
 * @param malformed probability that a structured answer is malformed (kind chosen at random)
 */
public record Rates(
    double throttle,
    double internalError,
    double serviceUnavailable,
    double modelTimeout,
    double malformed) {

  /** No random faults. */
  public static final Rates NONE = new Rates(0, 0, 0, 0, 0);

  public Rates {
    check(throttle, "throttle");
    check(internalError, "internalError");
    check(serviceUnavailable, "serviceUnavailable");
    check(modelTimeout, "modelTimeout");
    check(malformed, "malformed");
    double errors = throttle + internalError + serviceUnavailable + modelTimeout;
    if (errors > 1.0 + 1e-9) {
      throw new IllegalArgumentException(
          "throttle + internalError + serviceUnavailable + modelTimeout must be <= 1, was "
              + errors);
    }
  }

  private static void check(double p, String name) {
    if (!(p >= 0 && p <= 1)) {
      throw new IllegalArgumentException(name + " must be a probability in [0, 1], was " + p);
    }
  }
}
