package dev.ballast.simulator;

import java.time.Duration;

/**
 * What a {@link FaultRule} does to the calls it matches. Immutable; absent parts are null.
 *
 * @param error the error answered
 * @param message replaces the error's default message
 * @param retryAfter value of a Retry-After header
 * @param delay latency added
 * @param malformation malformed structured answer
 */
record RuleAction(
    ErrorType error,
    String message,
    Duration retryAfter,
    Duration delay,
    Malformation malformation) {

  static final RuleAction NONE = new RuleAction(null, null, null, null, null);

  RuleAction withError(ErrorType e) {
    return new RuleAction(e, message, retryAfter, delay, malformation);
  }

  RuleAction withMessage(String m) {
    return new RuleAction(error, m, retryAfter, delay, malformation);
  }

  RuleAction withRetryAfter(Duration r) {
    return new RuleAction(error, message, r, delay, malformation);
  }

  RuleAction withDelay(Duration d) {
    return new RuleAction(error, message, retryAfter, d, malformation);
  }

  RuleAction withMalformation(Malformation m) {
    return new RuleAction(error, message, retryAfter, delay, m);
  }
}
