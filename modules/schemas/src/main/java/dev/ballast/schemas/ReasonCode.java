package dev.ballast.schemas;

/**
 * Why a request failed or was degraded: the stable codes of {@code FailureReason.code} in results,
 * of the {@code ballast.reason.code} dead-letter header, and of attempt errors. Part of the wire
 * contract: codes are only ever added, never renamed or removed, and programs may switch on them.
 * The wire carries the {@link #name()}; readers should treat an unknown code as {@link
 * #UNKNOWN_ERROR}.
 *
 * <p>Each code belongs to one {@link #kind()}: what a request did wrong ({@link Kind#REQUEST}),
 * what the provider did ({@link Kind#PROVIDER}), or what Ballast decided ({@link Kind#PIPELINE}).
 */
public enum ReasonCode {
  // What the request did wrong: checked at intake, before any model call.
  UNDECODABLE_REQUEST(Kind.REQUEST, "The record's value is not a readable `InferenceRequest`."),
  INVALID_REQUEST(
      Kind.REQUEST,
      "The request decoded but breaks a rule (no messages, blank id, bad limits, bad schema)."),
  UNKNOWN_ROUTE(Kind.REQUEST, "The request names a route that is not configured."),
  REQUEST_TOO_LARGE(
      Kind.REQUEST,
      "The request is too large to travel through Ballast's internal topics with its state and reason headers (the Streams producer's `max.request.size` less a reserve); not called."),

  // What the provider said.
  THROTTLED(Kind.PROVIDER, "The provider throttled the request (`ThrottlingException`, HTTP 429)."),
  MODEL_NOT_READY(Kind.PROVIDER, "The model is not ready to serve yet (`ModelNotReadyException`)."),
  QUOTA_EXCEEDED(
      Kind.PROVIDER,
      "A service quota of the account is exceeded (`ServiceQuotaExceededException`)."),
  QUOTA_EXHAUSTED(
      Kind.PROVIDER, "The account has no quota left at all (OpenAI `insufficient_quota`)."),
  OVERLOADED(
      Kind.PROVIDER,
      "The provider is overloaded (HTTP 529 `overloaded_error`): waited out like a throttle."),
  SERVICE_UNAVAILABLE(
      Kind.PROVIDER, "The provider is unavailable (`ServiceUnavailableException`, HTTP 503)."),
  PROVIDER_INTERNAL_ERROR(
      Kind.PROVIDER, "The provider failed internally (`InternalServerException`, HTTP 5xx)."),
  MODEL_ERROR(
      Kind.PROVIDER, "The model failed to process the request (`ModelErrorException`, HTTP 424)."),
  MODEL_TIMEOUT(
      Kind.PROVIDER,
      "The model did not answer in time (`ModelTimeoutException`, HTTP 408 or 504)."),
  ACCESS_DENIED(
      Kind.PROVIDER,
      "The credentials may not call the model (`AccessDeniedException`, HTTP 401/403)."),
  MODEL_NOT_FOUND(
      Kind.PROVIDER,
      "The model or inference profile does not exist (`ResourceNotFoundException`, 404)."),
  REQUEST_REJECTED(
      Kind.PROVIDER,
      "The provider rejected the request as invalid (`ValidationException`, other 4xx)."),
  CONTEXT_OVERFLOW(
      Kind.PROVIDER,
      "The input is longer than the model's context window, and shrinking could not make it fit."),
  EMPTY_ANSWER(
      Kind.PROVIDER,
      "The model answered with no content (empty `content`, `null` text, zero output tokens): a failed attempt, never a result or a cached answer."),
  CONTENT_FILTERED(
      Kind.PROVIDER,
      "The provider's content filter or guardrail stopped the answer (`content_filtered`, `guardrail_intervened`, OpenAI `content_filter`)."),
  OUTPUT_TRUNCATED(
      Kind.PROVIDER,
      "A structured answer was cut off at the request's `maxTokens` (`max_tokens`, OpenAI `length`): raise `maxTokens`."),
  CONNECTION_FAILED(Kind.PROVIDER, "The connection to the endpoint failed or was reset."),
  MALFORMED_RESPONSE(Kind.PROVIDER, "The endpoint answered with a response that cannot be parsed."),
  CALL_TIMEOUT(Kind.PROVIDER, "One HTTP call did not complete within `model.call.timeout`."),
  ANSWER_TIMEOUT(
      Kind.PROVIDER,
      "A call asking for a long answer did not complete within `model.call.timeout` plus"
          + " `model.call.timeout.per.output.token` × its `maxTokens`; tied to the request, so not"
          + " counted against the endpoint."),
  UNKNOWN_ERROR(Kind.PROVIDER, "An error no rule classifies; treated as transient."),

  // What Ballast decided.
  BREAKER_OPEN(Kind.PIPELINE, "The endpoint's circuit breaker is open: not called."),
  STAGE_TIMEOUT(
      Kind.PIPELINE, "A call with its in-process retries did not complete within `stage.timeout`."),
  COOLING_DOWN(
      Kind.PIPELINE,
      "The endpoint asked to wait (a rate-limit hint) and that time has not passed: not called, so the request goes to an endpoint that can take it, or waits in a delay topic when none can."),
  LOCAL_LIMIT(Kind.PIPELINE, "The endpoint's local rate or concurrency limit is reached."),
  CANCELLED(Kind.PIPELINE, "A call was cancelled before it ended."),
  INVALID_OUTPUT(
      Kind.PIPELINE,
      "The answer never matched the request's JSON Schema; the message lists the errors."),
  CACHED(
      Kind.PIPELINE, "Served from an answer cached for the same question after the model failed."),
  DEADLINE_EXCEEDED(Kind.PIPELINE, "The request's deadline passed before it could be answered."),
  CALL_BUDGET_EXHAUSTED(
      Kind.PIPELINE, "The request used `calls.per.request.max` model calls without an answer."),
  ALL_ENDPOINTS_FAILED(
      Kind.PIPELINE,
      "Every endpoint of the route's chain failed; the message lists each one's last outcome."),
  INTERNAL_ERROR(Kind.PIPELINE, "A defect in Ballast; the record is kept in the dlq for re-drive.");

  /** Who a reason code is about. */
  public enum Kind {
    /** The request itself: fix it before sending it again. */
    REQUEST,
    /** The provider's answer, classified. */
    PROVIDER,
    /** A decision of Ballast's. */
    PIPELINE
  }

  private final Kind kind;
  private final String meaning;

  ReasonCode(Kind kind, String meaning) {
    this.kind = kind;
    this.meaning = meaning;
  }

  /** What the code means, in one sentence (Markdown); the README's table is made from it. */
  public String meaning() {
    return meaning;
  }

  /** Who this code is about. */
  public Kind kind() {
    return kind;
  }

  /**
   * The code for a wire value, {@link #UNKNOWN_ERROR} for one this version does not know (a newer
   * writer's) or null.
   */
  public static ReasonCode fromWire(String code) {
    if (code == null) {
      return UNKNOWN_ERROR;
    }
    try {
      return valueOf(code);
    } catch (IllegalArgumentException newer) {
      return UNKNOWN_ERROR;
    }
  }
}
