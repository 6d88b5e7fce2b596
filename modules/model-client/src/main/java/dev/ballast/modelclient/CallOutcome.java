package dev.ballast.modelclient;

import java.util.Objects;

/**
 * What one HTTP call to a model ended in: an answer or a classified failure.
 *
 * @param endpoint the endpoint called
 * @param attempt the attempt number sent with the call (1-based, counted over the request's life)
 * @param startedAtMs when the call started (wall clock)
 * @param latencyMs how long it took
 * @param response the answer, or null on failure
 * @param failure the classified failure, or null on success
 */
public record CallOutcome(
    Endpoint endpoint,
    int attempt,
    long startedAtMs,
    long latencyMs,
    ModelResponse response,
    Failure failure) {

  public CallOutcome {
    Objects.requireNonNull(endpoint, "endpoint");
    if ((response == null) == (failure == null)) {
      throw new IllegalArgumentException("exactly one of response and failure must be set");
    }
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

  public boolean succeeded() {
    return response != null;
  }
}
