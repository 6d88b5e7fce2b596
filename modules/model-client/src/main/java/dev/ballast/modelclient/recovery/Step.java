package dev.ballast.modelclient.recovery;

/**
 * One thing Ballast can do after a failed call. The first three happen inside one endpoint's
 * exchange; the others end it and are carried out by the pipeline.
 */
public enum Step {
  /** Call the same endpoint again at once, after a short full-jitter backoff (Failsafe retry). */
  RETRY_HERE,
  /** Shrink the input to what the provider said fits, and call again at once. */
  SHRINK,
  /** Ask again with the invalid answer and the validator's errors. */
  REASK,
  /**
   * Go at once to the first later endpoint of the chain that would take a call now (breaker not
   * open, not cooling down, admission headroom), when there is one: parking is for when none can.
   */
  NEXT_WITH_ROOM,
  /** Park the request in a delay topic until the backoff (or the provider's hint) has passed. */
  PARK,
  /** Call the same endpoint once more with a shorter context. */
  SHORTER_CONTEXT,
  /** Serve a fresh cached answer to the same question, if there is one. */
  CACHE,
  /** Go to the next endpoint of the route's chain. */
  NEXT_ENDPOINT,
  /** End the request with a {@code FAILED} result and a dead letter. */
  FAIL;
}
