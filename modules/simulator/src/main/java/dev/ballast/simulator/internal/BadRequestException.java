package dev.ballast.simulator.internal;

/** A request the simulator cannot read; answered with a validation error naming the problem. */
final class BadRequestException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  BadRequestException(String message) {
    super(message);
  }
}
