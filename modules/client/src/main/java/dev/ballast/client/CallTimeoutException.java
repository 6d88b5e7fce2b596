package dev.ballast.client;

import java.time.Duration;

/**
 * No result for a {@link BallastClient#call} within its timeout. The request may still be served
 * later; its result then appears on the results topic like any other.
 */
public final class CallTimeoutException extends BallastClientException {

  private static final long serialVersionUID = 1L;

  private final String requestId;
  private final Duration timeout;

  /** The call of {@code requestId} waited {@code timeout} in vain. */
  public CallTimeoutException(String requestId, Duration timeout) {
    super("no result for request " + requestId + " within " + timeout.toMillis() + " ms");
    this.requestId = requestId;
    this.timeout = timeout;
  }

  /** The id of the request that got no result. */
  public String requestId() {
    return requestId;
  }

  /** How long the call waited. */
  public Duration timeout() {
    return timeout;
  }
}
