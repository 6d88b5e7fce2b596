package dev.ballast.pipeline.internal;

/** Reason codes the pipeline itself assigns; provider failures carry their classifier's codes. */
public final class ReasonCodes {

  /** The value bytes are not a readable {@code InferenceRequest}. */
  public static final String UNDECODABLE_REQUEST = "UNDECODABLE_REQUEST";

  /** The request decoded but breaks a rule (no messages, blank id, bad limits). */
  public static final String INVALID_REQUEST = "INVALID_REQUEST";

  /** The request names a route that is not configured. */
  public static final String UNKNOWN_ROUTE = "UNKNOWN_ROUTE";

  /** The request's deadline passed before it could be answered. */
  public static final String DEADLINE_EXCEEDED = "DEADLINE_EXCEEDED";

  /** Every endpoint of the route's chain failed; the message lists each one's last outcome. */
  public static final String ALL_ENDPOINTS_FAILED = "ALL_ENDPOINTS_FAILED";

  /** A defect in Ballast; the record is kept in the dlq for re-drive. */
  public static final String INTERNAL_ERROR = "INTERNAL_ERROR";

  /** The answer never matched the request's JSON Schema; the message lists the errors. */
  public static final String INVALID_OUTPUT = "INVALID_OUTPUT";

  private ReasonCodes() {}
}
