package dev.ballast.modelclient;

import dev.ballast.schemas.ReasonCode;
import java.time.Duration;

/**
 * The one HTTP status table: what a provider's status means when no error type or code says more
 * (Bedrock's statuses as its API reference lists them, OpenAI-compatible APIs' statuses). Used by
 * the error classifier only. Thread-safe (stateless).
 *
 * <table>
 *   <caption>Status to failure</caption>
 *   <tr><th>status</th><th>class</th><th>reason code</th></tr>
 *   <tr><td>400 with an overflow message</td><td>CONTEXT_OVERFLOW</td><td>CONTEXT_OVERFLOW</td></tr>
 *   <tr><td>429</td><td>THROTTLED</td><td>THROTTLED</td></tr>
 *   <tr><td>529</td><td>THROTTLED</td><td>OVERLOADED</td></tr>
 *   <tr><td>503 with a rate-limit hint</td><td>THROTTLED</td><td>SERVICE_UNAVAILABLE</td></tr>
 *   <tr><td>408, 504</td><td>TIMEOUT</td><td>MODEL_TIMEOUT</td></tr>
 *   <tr><td>401, 403</td><td>UNAVAILABLE</td><td>ACCESS_DENIED</td></tr>
 *   <tr><td>404</td><td>UNAVAILABLE</td><td>MODEL_NOT_FOUND</td></tr>
 *   <tr><td>424</td><td>REQUEST_ERROR</td><td>MODEL_ERROR</td></tr>
 *   <tr><td>other 4xx</td><td>PERMANENT</td><td>REQUEST_REJECTED</td></tr>
 *   <tr><td>503</td><td>TRANSIENT</td><td>SERVICE_UNAVAILABLE</td></tr>
 *   <tr><td>other 5xx</td><td>TRANSIENT</td><td>PROVIDER_INTERNAL_ERROR</td></tr>
 *   <tr><td>outside 100&ndash;599 (an HTTP client's stand-in for an answer it could not decode,
 *   such as the SDK's Netty client's 999)</td><td>TRANSIENT</td><td>MALFORMED_RESPONSE</td></tr>
 * </table>
 */
final class HttpStatusTable {

  private HttpStatusTable() {}

  /**
   * The one HTTP status table, for errors no type or code classifies more precisely: Bedrock's
   * statuses as its API reference lists them, and OpenAI's error codes.
   */
  static Failure classify(int status, String errorType, String message, Duration retryAfter) {
    if (status < 100 || status > 599) {
      return new Failure(
          FailureClass.TRANSIENT,
          ReasonCode.MALFORMED_RESPONSE,
          "the endpoint's answer is not a valid HTTP response (status " + status + ")",
          errorType,
          status,
          null);
    }
    if ((status == 400 || status == 413 || status == 422)
        && OverflowMessages.overflow(message).isPresent()) {
      return new Failure(
          FailureClass.CONTEXT_OVERFLOW,
          ReasonCode.CONTEXT_OVERFLOW,
          message,
          errorType,
          status,
          null);
    }
    FailureClass c;
    ReasonCode code;
    Duration hint = retryAfter;
    if (status == 429) {
      c = FailureClass.THROTTLED;
      code = ReasonCode.THROTTLED;
    } else if (status == 529) {
      // Anthropic-compatible overloaded_error: a capacity signal, waited out like a throttle.
      c = FailureClass.THROTTLED;
      code = ReasonCode.OVERLOADED;
    } else if (status == 503 && retryAfter != null) {
      c = FailureClass.THROTTLED;
      code = ReasonCode.SERVICE_UNAVAILABLE;
    } else if (status == 408 || status == 504) {
      c = FailureClass.TIMEOUT;
      code = ReasonCode.MODEL_TIMEOUT;
    } else if (status == 401 || status == 403) {
      c = FailureClass.UNAVAILABLE;
      code = ReasonCode.ACCESS_DENIED;
      hint = null;
    } else if (status == 404) {
      c = FailureClass.UNAVAILABLE;
      code = ReasonCode.MODEL_NOT_FOUND;
      hint = null;
    } else if (status == 424) {
      c = FailureClass.REQUEST_ERROR;
      code = ReasonCode.MODEL_ERROR;
    } else if (status >= 400 && status < 500) {
      c = FailureClass.PERMANENT;
      code = ReasonCode.REQUEST_REJECTED;
      hint = null;
    } else if (status == 503) {
      c = FailureClass.TRANSIENT;
      code = ReasonCode.SERVICE_UNAVAILABLE;
    } else if (status >= 500) {
      c = FailureClass.TRANSIENT;
      code = ReasonCode.PROVIDER_INTERNAL_ERROR;
    } else {
      return null;
    }
    return new Failure(c, code, message, errorType, status, hint);
  }
}
