package dev.ballast.simulator;

/**
 * One model call as the simulator received it, for timelines: when it arrived and how it was
 * answered. Immutable.
 *
 * @param atMillis when the call was evaluated (the simulator's clock, epoch milliseconds)
 * @param region the region that received it, e.g. {@code us-east-1}
 * @param outcome {@code ok} for a model response, else the error's {@link ErrorType#statsName()},
 *     e.g. {@code ThrottlingException}
 */
public record Arrival(long atMillis, String region, String outcome) {

  /** The outcome of a call answered with a model response. */
  public static final String OK = "ok";

  /** Whether the call was answered with a model response. */
  public boolean succeeded() {
    return OK.equals(outcome);
  }
}
