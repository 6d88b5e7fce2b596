package dev.ballast.modelclient;

import java.util.Objects;

/**
 * What one HTTP call to a model ended in: an answer or a classified failure.
 *
 * @param endpoint the endpoint called
 * @param attempt the attempt number sent with the call (1-based, counted over the request's life)
 * @param startedAtMs when the call started (wall clock)
 * @param latencyMs how long it took
 * @param response the answer, or null when none came back
 * @param failure the classified failure, or null on success (set with a response when the answer
 *     was rejected)
 * @param sent whether an HTTP request went out (false for a breaker rejection, a spent call budget
 *     or input that could not be fitted): only sent calls cost a call of the request's budget
 */
public record CallOutcome(
    Endpoint endpoint,
    int attempt,
    long startedAtMs,
    long latencyMs,
    ModelResponse response,
    Failure failure,
    boolean sent) {

  public CallOutcome {
    Objects.requireNonNull(endpoint, "endpoint");
    if (response == null && failure == null) {
      throw new IllegalArgumentException("a call ends with a response, a failure, or both");
    }
  }

  /** A call that was sent. */
  public CallOutcome(
      Endpoint endpoint,
      int attempt,
      long startedAtMs,
      long latencyMs,
      ModelResponse response,
      Failure failure) {
    this(endpoint, attempt, startedAtMs, latencyMs, response, failure, true);
  }

  /** A call Ballast decided not to send, with why. */
  public static CallOutcome notSent(Endpoint endpoint, int attempt, long atMs, Failure failure) {
    return new CallOutcome(
        endpoint, attempt, atMs, 0, null, Objects.requireNonNull(failure, "failure"), false);
  }

  /**
   * An answer that came back but was rejected (e.g. it did not match the response schema): the
   * response is kept for its token usage.
   */
  public static CallOutcome rejected(CallOutcome answered, Failure failure) {
    return new CallOutcome(
        answered.endpoint(),
        answered.attempt(),
        answered.startedAtMs(),
        answered.latencyMs(),
        answered.response(),
        Objects.requireNonNull(failure, "failure"),
        answered.sent());
  }

  public static CallOutcome success(
      Endpoint endpoint, int attempt, long startedAtMs, ModelResponse response) {
    return new CallOutcome(
        endpoint, attempt, startedAtMs, response.latency().toMillis(), response, null);
  }

  public static CallOutcome failure(
      Endpoint endpoint, int attempt, long startedAtMs, long latencyMs, Failure failure) {
    return new CallOutcome(endpoint, attempt, startedAtMs, latencyMs, null, failure);
  }

  /** Whether the call answered and the answer was accepted. */
  public boolean succeeded() {
    return failure == null;
  }
}
