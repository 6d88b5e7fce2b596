package dev.ballast.modelclient;

import dev.ballast.schemas.ReasonCode;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * A classified failure of one model call.
 *
 * @param failureClass what the pipeline should do about it
 * @param reasonCode stable code for programs and dashboards, e.g. {@link ReasonCode#ACCESS_DENIED}
 * @param message what happened, in words a user can act on; never contains prompt text
 * @param errorType the provider's error type (e.g. {@code ThrottlingException}) or the client
 *     exception's simple class name
 * @param statusCode HTTP status, or 0 when no response was received
 * @param retryAfter how long the provider asked us to wait, or null
 */
public record Failure(
    FailureClass failureClass,
    ReasonCode reasonCode,
    String message,
    String errorType,
    int statusCode,
    Duration retryAfter) {

  public Failure {
    Objects.requireNonNull(failureClass, "failureClass");
    Objects.requireNonNull(reasonCode, "reasonCode");
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(errorType, "errorType");
  }

  /**
   * A failure Ballast itself decided on, without a provider answer: no status, no hint.
   *
   * @param errorType what the attempt record names as the error, e.g. {@code CircuitBreakerOpen}
   */
  public static Failure local(
      FailureClass failureClass, ReasonCode code, String errorType, String message) {
    return new Failure(failureClass, code, message, errorType, 0, null);
  }

  public Optional<Duration> retryAfterHint() {
    return Optional.ofNullable(retryAfter);
  }
}
