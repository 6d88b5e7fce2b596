package dev.ballast.pipeline.internal;

import dev.ballast.schemas.RequestState;
import java.time.Duration;

/** What the model stage does after a call: the output of {@link FailurePolicy}. */
public sealed interface Decision {

  /** The call answered: validate and write the result. */
  record Answer() implements Decision {}

  /** Throttled: park the request in a delay topic for {@code delay}. */
  record Park(Duration delay) implements Decision {}

  /** Call again at once with {@code state} (e.g. a shorter context after a timeout). */
  record Relaunch(RequestState state) implements Decision {}

  /** Timed out again: serve a cached answer if one is fresh, else fall back. */
  record TryCache() implements Decision {}

  /** This endpoint cannot serve the request: go down the route's chain. */
  record FallBack() implements Decision {}

  /** Terminal failure: a FAILED result and a dead letter. */
  record Fail(String code, String message) implements Decision {}
}
