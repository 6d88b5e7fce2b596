package dev.ballast.modelclient;

import dev.ballast.schemas.ReasonCode;
import dev.failsafe.BulkheadFullException;
import dev.failsafe.CircuitBreakerOpenException;
import dev.failsafe.RateLimitExceededException;
import dev.failsafe.TimeoutExceededException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.ProtocolException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.crt.CRT;
import software.amazon.awssdk.crt.CrtRuntimeException;
import software.amazon.awssdk.crt.http.HttpException;
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
    if (e instanceof CircuitBreakerOpenException) {
      return Failure.local(
          FailureClass.UNAVAILABLE,
          ReasonCode.BREAKER_OPEN,
          "CircuitBreakerOpen",
          "the endpoint's circuit breaker is open after repeated failures; not called");
    }
    if (e instanceof TimeoutExceededException) {
      return Failure.local(
          FailureClass.TIMEOUT,
          ReasonCode.STAGE_TIMEOUT,
          "TimeoutExceeded",
          "the call and its retries did not complete within the stage timeout");
    }
    if (e instanceof RateLimitExceededException || e instanceof BulkheadFullException) {
      return local(
          e,
          FailureClass.THROTTLED,
          ReasonCode.LOCAL_LIMIT,
          "the endpoint's local rate or concurrency limit is reached");
    }
    if (e instanceof HttpTimeoutException
        || e instanceof ApiCallTimeoutException
        || e instanceof ApiCallAttemptTimeoutException
        || e instanceof TimeoutException) {
      return local(
          e,
          FailureClass.TIMEOUT,
          ReasonCode.CALL_TIMEOUT,
          "the call did not complete within the configured timeout");
    }
    if (e instanceof ConnectException) {
      return local(
          e,
          FailureClass.TRANSIENT,
          ReasonCode.CONNECTION_FAILED,
          "cannot connect to the endpoint: " + describe(e));
    }
    if (e instanceof ProtocolException) {
      // the JDK HTTP client's word for an answer that is not HTTP (e.g. "Invalid status line")
      return local(
          e,
          FailureClass.TRANSIENT,
          ReasonCode.MALFORMED_RESPONSE,
          "the endpoint's answer is not a valid HTTP response: " + describe(e));
    }
    if (e instanceof IOException io) {
      return local(
          e,
          FailureClass.TRANSIENT,
          ReasonCode.CONNECTION_FAILED,
          "connection failed: " + describe(io));
    }
    if (e instanceof AwsServiceException service) {
      return classifyService(service);
    }
    if (e instanceof SdkClientException client) {
      return classifyClient(client);
    }
    if (e instanceof CancellationException) {
      return local(e, FailureClass.TRANSIENT, ReasonCode.CANCELLED, "the call was cancelled");
    }
    return unknown(e, 0);
  }

  /**
   * Classifies an answer that came back without an error but cannot be a result (see {@link
   * AnswerFailures}).
   *
   * @return the failure, or null when the answer can be used
   */
  public static Failure classifyAnswer(ModelRequest request, ModelResponse response) {
    return AnswerFailures.of(request, response);
  }

  /**
   * Classifies an HTTP error of an OpenAI-compatible API from its status and error body.
   *
   * @param status HTTP status
   * @param code the error's {@code code} (e.g. {@code context_length_exceeded}), or null
   * @param type the error's {@code type}, or null
   * @param message the error's message
   * @param retryAfter the wait the server asked for, or null
   */
  public static Failure classifyHttp(
      int status, String code, String type, String message, Duration retryAfter) {
    String c = code == null ? "" : code.toLowerCase(Locale.ROOT);
    String errorType = code != null ? code : type != null ? type : "http_" + status;
    String m = message == null ? "HTTP " + status : message;
    if (c.equals("context_length_exceeded")) {
      return new Failure(
          FailureClass.CONTEXT_OVERFLOW, ReasonCode.CONTEXT_OVERFLOW, m, errorType, status, null);
    }
    if (c.equals("insufficient_quota")) {
      return new Failure(
          FailureClass.UNAVAILABLE, ReasonCode.QUOTA_EXHAUSTED, m, errorType, status, null);
    }
    return HttpStatusTable.classify(status, errorType, m, retryAfter);
  }

  private static Failure classifyService(AwsServiceException e) {
    String type =
        e.awsErrorDetails() != null && e.awsErrorDetails().errorCode() != null
            ? e.awsErrorDetails().errorCode()
            : e.getClass().getSimpleName();
    int status = e.statusCode();
    String message = providerMessage(e);
    Duration retryAfter = retryAfter(e);
    FailureClass c = null;
    ReasonCode code = null;
    if (e instanceof ThrottlingException) {
      c = FailureClass.THROTTLED;
      code = ReasonCode.THROTTLED;
    } else if (e instanceof ModelNotReadyException) {
      c = FailureClass.THROTTLED;
      code = ReasonCode.MODEL_NOT_READY;
    } else if (e instanceof ServiceQuotaExceededException) {
      c = FailureClass.THROTTLED;
      code = ReasonCode.QUOTA_EXCEEDED;
    } else if (e instanceof ServiceUnavailableException) {
      // With a rate-limit hint, unavailability is a capacity signal: wait, do not retry at once.
      c = retryAfter != null ? FailureClass.THROTTLED : FailureClass.TRANSIENT;
      code = ReasonCode.SERVICE_UNAVAILABLE;
    } else if (e instanceof InternalServerException) {
      c = FailureClass.TRANSIENT;
      code = ReasonCode.PROVIDER_INTERNAL_ERROR;
    } else if (e instanceof ModelErrorException) {
      c = FailureClass.REQUEST_ERROR;
      code = ReasonCode.MODEL_ERROR;
    } else if (e instanceof ModelTimeoutException) {
      c = FailureClass.TIMEOUT;
      code = ReasonCode.MODEL_TIMEOUT;
    } else if (e instanceof AccessDeniedException) {
      c = FailureClass.UNAVAILABLE;
      code = ReasonCode.ACCESS_DENIED;
      retryAfter = null;
    } else if (e instanceof ResourceNotFoundException) {
      c = FailureClass.UNAVAILABLE;
      code = ReasonCode.MODEL_NOT_FOUND;
      retryAfter = null;
    } else if (e instanceof ValidationException) {
      Failure f = HttpStatusTable.classify(400, type, message, null);
      return f;
    }
    if (c != null) {
      return new Failure(c, code, message, type, status, retryAfter);
    }
    Failure byStatus =
        status >= 400 ? HttpStatusTable.classify(status, type, message, retryAfter) : null;
    return byStatus != null ? byStatus : unknown(e, status);
  }

  /**
   * An SDK client failure, by the most specific cause in its chain: an answer whose JSON cannot be
   * read ({@link ReasonCode#MALFORMED_RESPONSE}; the SDK's JSON protocol throws its parser's error,
   * an {@code IOException}, inside an {@code UncheckedIOException}), an answer that is not HTTP
   * (also {@code MALFORMED_RESPONSE}), a connection that cannot be made, or one that broke ({@link
   * ReasonCode#CONNECTION_FAILED}). The AWS Common Runtime's HTTP client reports the last three as
   * {@code HttpException} or {@code CrtRuntimeException} with an error name, those it may retry
   * wrapped in an {@code IOException}; the JDK as {@code ConnectException} and other {@code
   * IOException}s.
   */
  private static Failure classifyClient(SdkClientException e) {
    for (Throwable c = e; c != null; c = c.getCause()) {
      if (isJsonError(c)) {
        return local(
            c,
            FailureClass.TRANSIENT,
            ReasonCode.MALFORMED_RESPONSE,
            "the endpoint answered with a body that is not the JSON it should be: "
                + c.getMessage());
      }
      if (c instanceof HttpException http) {
        return crtFailure(http, CRT.awsErrorName(http.getErrorCode()), describe(http));
      }
      if (c instanceof CrtRuntimeException crt) {
        return crtFailure(crt, crt.errorName, describe(crt));
      }
      if (c instanceof ConnectException) {
        return local(
            c,
            FailureClass.TRANSIENT,
            ReasonCode.CONNECTION_FAILED,
            "cannot connect to the endpoint: " + describe(c));
      }
    }
    for (Throwable c = e; c != null; c = c.getCause()) {
      if (c instanceof IOException) {
        return local(
            c,
            FailureClass.TRANSIENT,
            ReasonCode.CONNECTION_FAILED,
            "connection failed: " + describe(c));
      }
    }
    String message = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
    if (message.contains("unable to unmarshall") || message.contains("unable to parse")) {
      return local(
          e,
          FailureClass.TRANSIENT,
          ReasonCode.MALFORMED_RESPONSE,
          "the endpoint answered with a response that cannot be parsed");
    }
    return unknown(e, 0);
  }

  /**
   * The first message in {@code e}'s cause chain, else its class's simple name: the JDK HTTP
   * client's {@code ConnectException} has none.
   */
  private static String describe(Throwable e) {
    for (Throwable c = e; c != null; c = c.getCause()) {
      if (c.getMessage() != null && !c.getMessage().isBlank()) {
        return c.getMessage();
      }
    }
    return e.getClass().getSimpleName();
  }

  /**
   * A failure the AWS Common Runtime's HTTP client reported by error name (aws-c-io, aws-c-http):
   * an answer that breaks HTTP is {@link ReasonCode#MALFORMED_RESPONSE}, the rest {@link
   * ReasonCode#CONNECTION_FAILED}, worded as a connection that could not be made or one that broke.
   */
  private static Failure crtFailure(Throwable e, String errorName, String message) {
    String name = String.valueOf(errorName);
    if (name.equals("AWS_ERROR_HTTP_PROTOCOL_ERROR")) {
      return local(
          e,
          FailureClass.TRANSIENT,
          ReasonCode.MALFORMED_RESPONSE,
          "the endpoint's answer is not a valid HTTP response: " + message + " (" + name + ")");
    }
    boolean connecting =
        name.equals("AWS_IO_SOCKET_CONNECTION_REFUSED")
            || name.equals("AWS_IO_SOCKET_TIMEOUT")
            || name.equals("AWS_IO_SOCKET_NO_ROUTE_TO_HOST")
            || name.equals("AWS_IO_SOCKET_NETWORK_DOWN")
            || name.startsWith("AWS_IO_DNS_")
            || name.startsWith("AWS_IO_TLS_");
    return local(
        e,
        FailureClass.TRANSIENT,
        ReasonCode.CONNECTION_FAILED,
        (connecting ? "cannot connect to the endpoint: " : "connection failed: ")
            + message
            + " ("
            + name
            + ")");
  }

  /** A JSON parser's error, from the SDK's shaded Jackson or any other. */
  private static boolean isJsonError(Throwable t) {
    for (Class<?> c = t.getClass(); c != null; c = c.getSuperclass()) {
      if (c.getName().endsWith("jackson.core.JsonProcessingException")) {
        return true;
      }
    }
    return false;
  }

  /**
   * What a {@link ReasonCode#CALL_TIMEOUT} becomes when the call's limit was extended for its
   * output: a {@link FailureClass#REQUEST_ERROR} (the request's length, not the endpoint's health,
   * made it slow), {@link ReasonCode#ANSWER_TIMEOUT}.
   *
   * @param maxTokens the output tokens the call asked for
   * @param limit the call's limit
   */
  public static Failure answerTimeout(int maxTokens, Duration limit) {
    return Failure.local(
        FailureClass.REQUEST_ERROR,
        ReasonCode.ANSWER_TIMEOUT,
        "AnswerTimeout",
        "the call asked for up to "
            + maxTokens
            + " output tokens and did not complete within its limit of "
            + limit.toMillis()
            + " ms");
  }

  private static Failure local(
      Throwable e, FailureClass failureClass, ReasonCode code, String message) {
    return new Failure(failureClass, code, message, e.getClass().getSimpleName(), 0, null);
  }

  private static Failure unknown(Throwable e, int status) {
    String type = e.getClass().getName();
    if (loggedUnknown.add(type)) {
      log.warn(
          "Unclassified model call error {} (status {}); treating it as transient", type, status);
    }
    return new Failure(
        FailureClass.TRANSIENT,
        ReasonCode.UNKNOWN_ERROR,
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
    return RateLimitHints.wait(e.awsErrorDetails().sdkHttpResponse().headers(), Instant.now())
        .orElse(null);
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
