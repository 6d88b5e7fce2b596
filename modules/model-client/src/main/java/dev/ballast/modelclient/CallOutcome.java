package dev.ballast.pipeline;

import dev.ballast.modelclient.Endpoint;
import dev.ballast.modelclient.Failure;
import dev.ballast.modelclient.ModelResponse;
import java.util.Objects;

/**
 * What one model call (with its in-process retries) ended in: an answer or a classified failure.
 *
 * @param endpoint the endpoint called
 * @param startedAtMs when the call started (wall clock)
 * @param latencyMs how long it took
 * @param response the answer, or null on failure
 * @param failure the classified failure, or null on success
 */
public record CallOutcome(
    Endpoint endpoint, long startedAtMs, long latencyMs, ModelResponse response, Failure failure) {

  public CallOutcome {
    Objects.requireNonNull(endpoint, "endpoint");
    if ((response == null) == (failure == null)) {
      throw new IllegalArgumentException("exactly one of response and failure must be set");
    }
  }

  public static CallOutcome success(Endpoint endpoint, long startedAtMs, ModelResponse response) {
    return new CallOutcome(endpoint, startedAtMs, response.latency().toMillis(), response, null);
  }

  public static CallOutcome failure(
      Endpoint endpoint, long startedAtMs, long latencyMs, Failure failure) {
    return new CallOutcome(endpoint, startedAtMs, latencyMs, null, failure);
  }

  public boolean succeeded() {
    return response != null;
  }
}
