package dev.ballast.modelclient;

/**
 * The failure taxonomy: every way a model call can fail maps to exactly one class, and the class
 * alone decides what the pipeline does next. {@link ErrorClassifier} owns the mapping.
 */
public enum FailureClass {
  /** The provider asked us to slow down (429, quota): park the request and try later. */
  THROTTLED,
  /** A fault that usually passes (500, 503, connection reset): short retries, then the breaker. */
  TRANSIENT,
  /** The model or the call timed out: retry once with a shorter context, then the cache. */
  TIMEOUT,
  /** The input does not fit the model's context window: shrink and retry. */
  CONTEXT_OVERFLOW,
  /** The answer does not satisfy the requested structure: re-ask with the errors. */
  MALFORMED_OUTPUT,
  /**
   * The model failed on this request's content (a model error on its tool schema, its shape, its
   * length: Bedrock's {@code ModelErrorException}, HTTP 424): not retried here, never counted
   * against the endpoint's health; the next endpoint may take it.
   */
  REQUEST_ERROR,
  /** The endpoint cannot serve us at all (no access, no such model, breaker open): fall back. */
  UNAVAILABLE,
  /** The request itself is wrong: no retry can help. */
  PERMANENT
}
