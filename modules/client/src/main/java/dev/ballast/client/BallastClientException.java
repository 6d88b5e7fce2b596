package dev.ballast.client;

/**
 * Why a {@link BallastClient} call could not be answered: the request could not be sent, too many
 * calls were pending, the results reader failed, or the client was closed. The message names the
 * request id where there is one.
 */
public class BallastClientException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** An error with a message and an optional cause. */
  public BallastClientException(String message, Throwable cause) {
    super(message, cause);
  }

  /** An error with a message only. */
  public BallastClientException(String message) {
    super(message);
  }
}
