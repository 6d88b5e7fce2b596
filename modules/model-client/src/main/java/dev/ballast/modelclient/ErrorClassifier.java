package dev.ballast.modelclient;

import java.io.IOException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.bedrockruntime.model.AccessDeniedException;
import software.amazon.awssdk.services.bedrockruntime.model.InternalServerException;
import software.amazon.awssdk.services.bedrockruntime.model.ModelErrorException;
import software.amazon.awssdk.services.bedrockruntime.model.ModelNotReadyException;
import software.amazon.awssdk.services.bedrockruntime.model.ModelTimeoutException;
import software.amazon.awssdk.services.bedrockruntime.model.ResourceNotFoundException;
import software.amazon.awssdk.services.bedrockruntime.model.ServiceQuotaExceededException;
import software.amazon.awssdk.services.bedrockruntime.model.ServiceUnavailableException;
import software.amazon.awssdk.services.bedrockruntime.model.ThrottlingException;
import software.amazon.awssdk.services.bedrockruntime.model.ValidationException;

/**
 * The one place that maps provider outcomes to the {@link FailureClass} taxonomy. Everything that
 * decides between retrying, parking, shrinking, falling back and failing asks this class.
 *
 * <p>Unknown errors are classified conservatively as {@link FailureClass#TRANSIENT} (bounded
 * retries, then the breaker and the fallback chain) and logged once per error type.
 *
 * <p>This class is thread-safe.
 */
public final class ErrorClassifier {

  private static final Logger log = LoggerFactory.getLogger(ErrorClassifier.class);

  /** Bedrock's and Anthropic's ways of saying the input does not fit. */
  private static final Pattern OVERFLOW =
      Pattern.compile(
          "input is too long|prompt is too long|too many input tokens|exceeds? (the )?context|"
              + "context (window|length)|maximum context length",
          Pattern.CASE_INSENSITIVE);

  private static final Pattern TOKENS_OVER_LIMIT =
      Pattern.compile("(\\d+)\\s*tokens?\\s*>\\s*(\\d+)", Pattern.CASE_INSENSITIVE);

  private static final Pattern OPENAI_OVER_LIMIT =
      Pattern.compile(
          "maximum context length is (\\d+) tokens.*?resulted in (\\d+) tokens",
          Pattern.CASE_INSENSITIVE | Pattern.DOTALL);

  private static final Set<String> loggedUnknown = ConcurrentHashMap.newKeySet();

  private ErrorClassifier() {}

  /**
   * Classifies the outcome of a failed call. Wrappers such as {@link CompletionException} are
   * unwrapped.
   */
  public static Failure classify(Throwable error) {
    Throwable e = unwrap(error);
    if (e instanceof ModelCallException known) {
      return known.failure();
    }
    if (e instanceof dev.failsafe.CircuitBreakerOpenException) {
      return new Failure(
          FailureClass.UNAVAILABLE,
          "BREAKER_OPEN",
          "the endpoint's circuit breaker is open after repeated failures; not called",
          "CircuitBreakerOpen",
          0,
          null);
    }
    if (e instanceof dev.failsafe.TimeoutExceededException) {
      return new Failure(
          FailureClass.TIMEOUT,
          "STAGE_TIMEOUT",
          "the call and its retries did not complete within the stage timeout",
          "TimeoutExceeded",
          0,
          null);
    }
    if (e instanceof dev.failsafe.RateLimitExceededException
        || e instanceof dev.failsafe.BulkheadFullException) {
      return new Failure(
          FailureClass.THROTTLED,
          "LOCAL_LIMIT",
          "the endpoint's local rate or concurrency limit is reached",
          e.getClass().getSimpleName(),
          0,
          null);
    }
    if (e instanceof java.net.http.HttpTimeoutException) {
      return new Failure(
          FailureClass.TIMEOUT,
          "CALL_TIMEOUT",
          "the call did not complete within the configured timeout",
          e.getClass().getSimpleName(),
          0,
          null);
    }
    if (e instanceof IOException io) {
      return new Failure(
          FailureClass.TRANSIENT,
          "CONNECTION_FAILED",
          "connection failed: " + io.getMessage(),
          e.getClass().getSimpleName(),
          0,
          null);
    }
    if (e instanceof AwsServiceException service) {
      return classifyService(service);
    }
    if (e instanceof ApiCallTimeoutException
        || e instanceof ApiCallAttemptTimeoutException
        || e instanceof TimeoutException) {
      return new Failure(
          FailureClass.TIMEOUT,
          "CALL_TIMEOUT",
          "the call did not complete within the configured timeout",
          e.getClass().getSimpleName(),
          0,
          null);
    }
    if (e instanceof SdkClientException client) {
      return classifyClient(client);
    }
    if (e instanceof CancellationException) {
      return new Failure(
          FailureClass.TRANSIENT,
          "CANCELLED",
          "the call was cancelled",
          e.getClass().getSimpleName(),
          0,
          null);
    }
    return unknown(e, 0);
  }

  /**
   * Classifies an HTTP error of an OpenAI-compatible API from its status and error body.
   *
   * @param status HTTP status
   * @param code the error's {@code code} (e.g. {@code context_length_exceeded}), or null
   * @param type the error's {@code type}, or null
   * @param message the error's message
   * @param retryAfter the {@code Retry-After} the server sent, or null
   */
  public static Failure classifyHttp(
      int status, String code, String type, String message, Duration retryAfter) {
    String c = code == null ? "" : code.toLowerCase(Locale.ROOT);
    String errorType = code != null ? code : type != null ? type : "http_" + status;
    String m = message == null ? "HTTP " + status : message;
    if (c.equals("context_length_exceeded") || (status == 400 && OVERFLOW.matcher(m).find())) {
      return new Failure(
          FailureClass.CONTEXT_OVERFLOW, "CONTEXT_OVERFLOW", m, errorType, status, null);
    }
    if (c.equals("insufficient_quota")) {
      return new Failure(FailureClass.UNAVAILABLE, "QUOTA_EXHAUSTED", m, errorType, status, null);
    }
    if (status == 429) {
      return new Failure(FailureClass.THROTTLED, "THROTTLED", m, errorType, status, retryAfter);
    }
    if (status == 408 || status == 504) {
      return new Failure(FailureClass.TIMEOUT, "MODEL_TIMEOUT", m, errorType, status, retryAfter);
    }
    if (status == 401 || status == 403) {
      return new Failure(FailureClass.UNAVAILABLE, "ACCESS_DENIED", m, errorType, status, null);
    }
    if (status == 404) {
      return new Failure(FailureClass.UNAVAILABLE, "MODEL_NOT_FOUND", m, errorType, status, null);
    }
    if (status >= 400 && status < 500) {
      return new Failure(FailureClass.PERMANENT, "INVALID_REQUEST", m, errorType, status, null);
    }
    if (status == 503) {
      return new Failure(
          FailureClass.TRANSIENT, "SERVICE_UNAVAILABLE", m, errorType, status, retryAfter);
    }
    return new Failure(
        FailureClass.TRANSIENT, "PROVIDER_INTERNAL_ERROR", m, errorType, status, retryAfter);
  }

  /** Parses a {@code Retry-After} value in seconds; null when absent or an HTTP date. */
  public static Duration parseRetryAfter(String value) {
    return value == null ? null : parseSeconds(value).orElse(null);
  }

  /**
   * The token counts in a provider's context-overflow message ({@code "prompt is too long: 250000
   * tokens > 200000 maximum"}), as {@code {input, limit}}, or null when it states none.
   */
  public static int[] overflowTokens(String message) {
    if (message == null) {
      return null;
    }
    Matcher m = TOKENS_OVER_LIMIT.matcher(message);
    if (m.find()) {
      return new int[] {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))};
    }
    Matcher o = OPENAI_OVER_LIMIT.matcher(message);
    return o.find() ? new int[] {Integer.parseInt(o.group(2)), Integer.parseInt(o.group(1))} : null;
  }

  private static Failure classifyService(AwsServiceException e) {
    String type =
        e.awsErrorDetails() != null && e.awsErrorDetails().errorCode() != null
            ? e.awsErrorDetails().errorCode()
            : e.getClass().getSimpleName();
    int status = e.statusCode();
    String message = providerMessage(e);
    Duration retryAfter = retryAfter(e);
    if (e instanceof ThrottlingException) {
      return new Failure(FailureClass.THROTTLED, "THROTTLED", message, type, status, retryAfter);
    }
    if (e instanceof ModelNotReadyException) {
      return new Failure(
          FailureClass.THROTTLED, "MODEL_NOT_READY", message, type, status, retryAfter);
    }
    if (e instanceof ServiceQuotaExceededException) {
      return new Failure(
          FailureClass.THROTTLED, "QUOTA_EXCEEDED", message, type, status, retryAfter);
    }
    if (e instanceof ServiceUnavailableException) {
      return new Failure(
          FailureClass.TRANSIENT, "SERVICE_UNAVAILABLE", message, type, status, retryAfter);
    }
    if (e instanceof InternalServerException) {
      return new Failure(
          FailureClass.TRANSIENT, "PROVIDER_INTERNAL_ERROR", message, type, status, retryAfter);
    }
    if (e instanceof ModelErrorException) {
      return new Failure(FailureClass.TRANSIENT, "MODEL_ERROR", message, type, status, retryAfter);
    }
    if (e instanceof ModelTimeoutException) {
      return new Failure(FailureClass.TIMEOUT, "MODEL_TIMEOUT", message, type, status, retryAfter);
    }
    if (e instanceof AccessDeniedException) {
      return new Failure(FailureClass.UNAVAILABLE, "ACCESS_DENIED", message, type, status, null);
    }
    if (e instanceof ResourceNotFoundException) {
      return new Failure(FailureClass.UNAVAILABLE, "MODEL_NOT_FOUND", message, type, status, null);
    }
    if (e instanceof ValidationException) {
      return OVERFLOW.matcher(message).find()
          ? new Failure(
              FailureClass.CONTEXT_OVERFLOW, "CONTEXT_OVERFLOW", message, type, status, null)
          : new Failure(FailureClass.PERMANENT, "INVALID_REQUEST", message, type, status, null);
    }
    if (status == 429) {
      return new Failure(FailureClass.THROTTLED, "THROTTLED", message, type, status, retryAfter);
    }
    if (status == 408) {
      return new Failure(FailureClass.TIMEOUT, "MODEL_TIMEOUT", message, type, status, retryAfter);
    }
    if (status == 401 || status == 403) {
      return new Failure(FailureClass.UNAVAILABLE, "ACCESS_DENIED", message, type, status, null);
    }
    if (status >= 400 && status < 500) {
      return new Failure(FailureClass.PERMANENT, "INVALID_REQUEST", message, type, status, null);
    }
    return unknown(e, status);
  }

  private static Failure classifyClient(SdkClientException e) {
    for (Throwable c = e; c != null; c = c.getCause()) {
      if (c instanceof ConnectException) {
        return new Failure(
            FailureClass.TRANSIENT,
            "CONNECTION_FAILED",
            "cannot connect to the endpoint: " + c.getMessage(),
            c.getClass().getSimpleName(),
            0,
            null);
      }
      if (c instanceof IOException) {
        return new Failure(
            FailureClass.TRANSIENT,
            "CONNECTION_FAILED",
            "connection failed: " + c.getMessage(),
            c.getClass().getSimpleName(),
            0,
            null);
      }
    }
    String message = String.valueOf(e.getMessage());
    if (message.toLowerCase(Locale.ROOT).contains("unable to unmarshall")
        || message.toLowerCase(Locale.ROOT).contains("unable to parse")) {
      return new Failure(
          FailureClass.TRANSIENT,
          "MALFORMED_RESPONSE",
          "the endpoint answered with a response that cannot be parsed",
          e.getClass().getSimpleName(),
          0,
          null);
    }
    return unknown(e, 0);
  }

  private static Failure unknown(Throwable e, int status) {
    String type = e.getClass().getName();
    if (loggedUnknown.add(type)) {
      log.warn(
          "Unclassified model call error {} (status {}); treating it as transient", type, status);
    }
    return new Failure(
        FailureClass.TRANSIENT,
        "UNKNOWN_ERROR",
        e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()),
        e.getClass().getSimpleName(),
        status,
        null);
  }

  private static String providerMessage(AwsServiceException e) {
    if (e.awsErrorDetails() != null && e.awsErrorDetails().errorMessage() != null) {
      return e.awsErrorDetails().errorMessage();
    }
    return String.valueOf(e.getMessage());
  }

  private static Duration retryAfter(AwsServiceException e) {
    if (e.awsErrorDetails() == null || e.awsErrorDetails().sdkHttpResponse() == null) {
      return null;
    }
    return e.awsErrorDetails()
        .sdkHttpResponse()
        .firstMatchingHeader("Retry-After")
        .flatMap(ErrorClassifier::parseSeconds)
        .orElse(null);
  }

  private static java.util.Optional<Duration> parseSeconds(String value) {
    try {
      long seconds = Long.parseLong(value.trim());
      return seconds >= 0
          ? java.util.Optional.of(Duration.ofSeconds(seconds))
          : java.util.Optional.empty();
    } catch (NumberFormatException notSeconds) {
      return java.util.Optional.empty(); // HTTP-date form: ignored, backoff applies
    }
  }

  private static Throwable unwrap(Throwable e) {
    Throwable t = e;
    while ((t instanceof CompletionException || t instanceof ExecutionException)
        && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }
}
