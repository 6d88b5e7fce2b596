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
  /** The record's value is not a readable {@code InferenceRequest}. */
  UNDECODABLE_REQUEST(Kind.REQUEST),
  /** The request decoded but breaks a rule (no messages, blank id, bad limits, bad schema). */
  INVALID_REQUEST(Kind.REQUEST),
  /** The request names a route that is not configured. */
  UNKNOWN_ROUTE(Kind.REQUEST),
  /**
   * The request is too large to travel through Ballast's internal topics with its state and reason
   * headers (the Streams producer's {@code max.request.size} less a reserve); not called.
   */
  REQUEST_TOO_LARGE(Kind.REQUEST),

  // What the provider said.
  /** The provider throttled the request ({@code ThrottlingException}, HTTP 429). */
  THROTTLED(Kind.PROVIDER),
  /** The model is not ready to serve yet ({@code ModelNotReadyException}). */
  MODEL_NOT_READY(Kind.PROVIDER),
  /** A service quota of the account is exceeded ({@code ServiceQuotaExceededException}). */
  QUOTA_EXCEEDED(Kind.PROVIDER),
  /** The account has no quota left at all (OpenAI {@code insufficient_quota}). */
  QUOTA_EXHAUSTED(Kind.PROVIDER),
  /** The provider is unavailable ({@code ServiceUnavailableException}, HTTP 503). */
  SERVICE_UNAVAILABLE(Kind.PROVIDER),
  /** The provider failed internally ({@code InternalServerException}, HTTP 5xx). */
  PROVIDER_INTERNAL_ERROR(Kind.PROVIDER),
  /** The model failed to process the request ({@code ModelErrorException}, HTTP 424). */
  MODEL_ERROR(Kind.PROVIDER),
  /** The model did not answer in time ({@code ModelTimeoutException}, HTTP 408 or 504). */
  MODEL_TIMEOUT(Kind.PROVIDER),
  /** The credentials may not call the model ({@code AccessDeniedException}, HTTP 401/403). */
  ACCESS_DENIED(Kind.PROVIDER),
  /** The model or inference profile does not exist ({@code ResourceNotFoundException}, 404). */
  MODEL_NOT_FOUND(Kind.PROVIDER),
  /** The provider rejected the request as invalid ({@code ValidationException}, other 4xx). */
  REQUEST_REJECTED(Kind.PROVIDER),
  /** The input is longer than the model's context window, and shrinking could not make it fit. */
  CONTEXT_OVERFLOW(Kind.PROVIDER),
  /** The connection to the endpoint failed or was reset. */
  CONNECTION_FAILED(Kind.PROVIDER),
  /** The endpoint answered with a response that cannot be parsed. */
  MALFORMED_RESPONSE(Kind.PROVIDER),
  /** One HTTP call did not complete within {@code model.call.timeout}. */
  CALL_TIMEOUT(Kind.PROVIDER),
  /** An error no rule classifies; treated as transient. */
  UNKNOWN_ERROR(Kind.PROVIDER),

  // What Ballast decided.
  /** The endpoint's circuit breaker is open: not called. */
  BREAKER_OPEN(Kind.PIPELINE),
  /** A call with its in-process retries did not complete within {@code stage.timeout}. */
  STAGE_TIMEOUT(Kind.PIPELINE),
  /** The endpoint's local rate or concurrency limit is reached. */
  LOCAL_LIMIT(Kind.PIPELINE),
  /** A call was cancelled before it ended. */
  CANCELLED(Kind.PIPELINE),
  /** The answer never matched the request's JSON Schema; the message lists the errors. */
  INVALID_OUTPUT(Kind.PIPELINE),
  /** Served from an answer cached for the same question after the model failed. */
  CACHED(Kind.PIPELINE),
  /** The request's deadline passed before it could be answered. */
  DEADLINE_EXCEEDED(Kind.PIPELINE),
  /** The request used {@code calls.per.request.max} model calls without an answer. */
  CALL_BUDGET_EXHAUSTED(Kind.PIPELINE),
  /** Every endpoint of the route's chain failed; the message lists each one's last outcome. */
  ALL_ENDPOINTS_FAILED(Kind.PIPELINE),
  /** A defect in Ballast; the record is kept in the dlq for re-drive. */
  INTERNAL_ERROR(Kind.PIPELINE);

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

  ReasonCode(Kind kind) {
    this.kind = kind;
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
