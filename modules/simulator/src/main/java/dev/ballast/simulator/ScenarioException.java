package dev.ballast.simulator;

/**
 * A scenario that cannot be used. The message names the source (file), the key path (e.g. {@code
 * regions[1].latency.distribution}) and what is wrong.
 */
public final class ScenarioException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public ScenarioException(String message) {
    super(message);
  }

  public ScenarioException(String message, Throwable cause) {
    super(message, cause);
  }
}
