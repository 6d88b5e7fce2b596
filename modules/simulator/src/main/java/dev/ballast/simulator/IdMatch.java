package dev.ballast.simulator;

/** How a fault rule selects request ids. */
public enum IdMatch {
  /** Every request. */
  ANY,
  /** One request id. */
  EXACT,
  /** Ids that start with a prefix. */
  PREFIX,
  /** Ids that match a regular expression. */
  REGEX
}
