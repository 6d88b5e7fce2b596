package dev.ballast.simulator;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The errors the simulator can answer with, each with Bedrock's wire name ({@code
 * x-amzn-ErrorType}), HTTP status and default message. {@link #CONTEXT_OVERFLOW} travels as a
 * {@code ValidationException} with an overflow message.
 *
 * <p>This enum is immutable and thread-safe.
 */
public enum ErrorType {
  THROTTLING("ThrottlingException", 429, "Too many requests, please wait before trying again."),
  MODEL_NOT_READY(
      "ModelNotReadyException",
      429,
      "The model is not ready to serve inference requests. Try your request again later."),
  SERVICE_UNAVAILABLE(
      "ServiceUnavailableException", 503, "Bedrock is unable to process your request."),
  INTERNAL_SERVER(
      "InternalServerException", 500, "An internal server error occurred. Retry your request."),
  MODEL_TIMEOUT(
      "ModelTimeoutException",
      408,
      "Model has timed out in processing the request. Try your request again."),
  MODEL_ERROR(
      "ModelErrorException", 424, "The request failed due to an error while processing the model."),
  VALIDATION(
      "ValidationException",
      400,
      "Malformed input request, please reformat your input and try again."),
  CONTEXT_OVERFLOW("ValidationException", 400, "Input is too long for requested model."),
  SERVICE_QUOTA_EXCEEDED(
      "ServiceQuotaExceededException",
      400,
      "Your request exceeds the service quota for your account. You can resubmit your request"
          + " later."),
  ACCESS_DENIED(
      "AccessDeniedException",
      403,
      "You don't have access to the model with the specified model ID."),
  RESOURCE_NOT_FOUND("ResourceNotFoundException", 404, "The provided model identifier is invalid."),
  /**
   * An overloaded provider. On the Converse wire a {@code ServiceUnavailableException} 503 with
   * message {@code Overloaded}; on the OpenAI-compatible wire status 529 with Anthropic's body
   * {@code {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}}. Counted in
   * the stats as {@code OverloadedError}.
   */
  OVERLOADED("ServiceUnavailableException", 503, "Overloaded");

  private final String wireName;
  private final int httpStatus;
  private final String defaultMessage;

  ErrorType(String wireName, int httpStatus, String defaultMessage) {
    this.wireName = wireName;
    this.httpStatus = httpStatus;
    this.defaultMessage = defaultMessage;
  }

  /** The error code Bedrock sends in {@code x-amzn-ErrorType}, e.g. {@code ThrottlingException}. */
  public String wireName() {
    return wireName;
  }

  /**
   * The name the stats count this error under: the wire name, except {@code OverloadedError} for
   * {@link #OVERLOADED} (a context overflow counts as {@code ValidationException}).
   */
  public String statsName() {
    return this == OVERLOADED ? "OverloadedError" : wireName;
  }

  /** The HTTP status Bedrock answers with. */
  public int httpStatus() {
    return httpStatus;
  }

  /** Bedrock's message for this error when nothing more specific is known. */
  public String defaultMessage() {
    return defaultMessage;
  }

  /**
   * Parses a wire name ({@code ThrottlingException}) or an enum name in any common spelling ({@code
   * THROTTLING}, {@code throttling}, {@code contextOverflow}, {@code context-overflow}). {@code
   * ValidationException} parses as {@link #VALIDATION}.
   *
   * @throws IllegalArgumentException naming the known values
   */
  public static ErrorType parse(String text) {
    String wanted = normalize(text);
    for (ErrorType type : values()) {
      if (normalize(type.name()).equals(wanted) || normalize(type.wireName).equals(wanted)) {
        return type;
      }
    }
    throw new IllegalArgumentException(
        "unknown error type '" + text + "' (known: " + known() + ")");
  }

  /** The accepted spellings, for error messages. */
  public static String known() {
    return Arrays.stream(values())
        .map(
            t ->
                t == CONTEXT_OVERFLOW
                    ? "ContextOverflow"
                    : t == OVERLOADED ? "Overloaded" : t.wireName)
        .collect(Collectors.joining(", "));
  }

  static String normalize(String text) {
    return text == null ? "" : text.replaceAll("[^A-Za-z0-9]", "").toLowerCase(Locale.ROOT);
  }
}
