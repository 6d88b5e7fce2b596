package dev.ballast.modelclient;

import java.util.Objects;

/** Root of the model client's exceptions: one failed call, with its endpoint, attempt and class. */
public class ModelCallException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient Endpoint endpoint;
  private final int attempt;
  private final transient Failure failure;

  public ModelCallException(Endpoint endpoint, int attempt, Failure failure, Throwable cause) {
    super(
        endpoint
            + " attempt "
            + attempt
            + ": "
            + failure.failureClass()
            + " "
            + failure.reasonCode()
            + " ("
            + failure.errorType()
            + (failure.statusCode() > 0 ? " " + failure.statusCode() : "")
            + "): "
            + failure.message(),
        cause);
    this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
    this.attempt = attempt;
    this.failure = failure;
  }

  public Endpoint endpoint() {
    return endpoint;
  }

  public int attempt() {
    return attempt;
  }

  public Failure failure() {
    return failure;
  }
}
