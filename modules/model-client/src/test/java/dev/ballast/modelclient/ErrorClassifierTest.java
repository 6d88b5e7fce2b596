package dev.ballast.modelclient;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ballast.schemas.ReasonCode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.crt.CRT;
import software.amazon.awssdk.crt.CrtRuntimeException;
import software.amazon.awssdk.crt.http.HttpException;

class ErrorClassifierTest {

  @ParameterizedTest
  @CsvSource({
    "429, rate_limit_exceeded, THROTTLED, THROTTLED",
    "429, insufficient_quota, UNAVAILABLE, QUOTA_EXHAUSTED",
    "400, context_length_exceeded, CONTEXT_OVERFLOW, CONTEXT_OVERFLOW",
    "400, invalid_request_error, PERMANENT, REQUEST_REJECTED",
    "401, invalid_api_key, UNAVAILABLE, ACCESS_DENIED",
    "404, model_not_found, UNAVAILABLE, MODEL_NOT_FOUND",
    "408, timeout, TIMEOUT, MODEL_TIMEOUT",
    "500, server_error, TRANSIENT, PROVIDER_INTERNAL_ERROR",
    "503, service_unavailable, THROTTLED, SERVICE_UNAVAILABLE",
    "529, overloaded_error, THROTTLED, OVERLOADED",
    "999, BedrockRuntimeException, TRANSIENT, MALFORMED_RESPONSE"
  })
  void shouldClassifyOpenAiStyleErrorsByStatusAndCode(
      int status, String code, FailureClass expectedClass, ReasonCode reason) {
    Failure f = ErrorClassifier.classifyHttp(status, code, null, "m", Duration.ofSeconds(2));

    assertThat(f.failureClass()).isEqualTo(expectedClass);
    assertThat(f.reasonCode()).isEqualTo(reason);
    assertThat(f.statusCode()).isEqualTo(status);
  }

  @Test
  void shouldRetryA503AtOnceOnlyWhenItCarriesNoRateLimitHint() {
    Failure plain = ErrorClassifier.classifyHttp(503, null, null, "down", null);
    Failure hinted = ErrorClassifier.classifyHttp(503, null, null, "busy", Duration.ofSeconds(5));

    assertThat(plain.failureClass()).isEqualTo(FailureClass.TRANSIENT);
    assertThat(hinted.failureClass()).isEqualTo(FailureClass.THROTTLED);
    assertThat(hinted.retryAfter()).isEqualTo(Duration.ofSeconds(5));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "The input token count (250000) exceeds the maximum number of tokens allowed (200000).",
        "prompt is too long: 250000 tokens > 200000 maximum",
        "Input is too long for requested model.",
        "This model's maximum context length is 8192 tokens. However, your messages resulted in"
            + " 9000 tokens."
      })
  void shouldClassifyEveryOverflowWordingAsAnOverflowWhenRejectedWith400(String message) {
    Failure f = ErrorClassifier.classifyHttp(400, null, "invalid_request_error", message, null);

    assertThat(f.failureClass()).isEqualTo(FailureClass.CONTEXT_OVERFLOW);
    assertThat(f.reasonCode()).isEqualTo(ReasonCode.CONTEXT_OVERFLOW);
  }

  @Test
  void shouldClassifyAnOpenBreakerAsUnavailableWhenWrapped() {
    Failure f =
        ErrorClassifier.classify(
            new CompletionException(
                dev.failsafe.CircuitBreakerOpenException.class.cast(
                    new dev.failsafe.CircuitBreakerOpenException(
                        dev.failsafe.CircuitBreaker.ofDefaults()))));

    assertThat(f.failureClass()).isEqualTo(FailureClass.UNAVAILABLE);
    assertThat(f.reasonCode()).isEqualTo(ReasonCode.BREAKER_OPEN);
  }

  @Test
  void shouldTreatUnknownErrorsAsTransientWhenUnclassified() {
    Failure f = ErrorClassifier.classify(new IllegalStateException("boom"));

    assertThat(f.failureClass()).isEqualTo(FailureClass.TRANSIENT);
    assertThat(f.reasonCode()).isEqualTo(ReasonCode.UNKNOWN_ERROR);
    assertThat(f.message()).contains("IllegalStateException: boom");
  }

  @Test
  void shouldClassifyAnAnswerWhoseJsonCannotBeReadAsMalformedNotAsABrokenConnection() {
    // what the SDK's JSON protocol throws for a 200 whose body ends mid-object
    IOException parse =
        new software.amazon.awssdk.thirdparty.jackson.core.JsonParseException(
            null, "Unexpected end-of-input within/between Object entries");
    Failure f =
        ErrorClassifier.classify(
            SdkClientException.create(
                "Unable to execute HTTP request", new UncheckedIOException(parse)));

    assertThat(f.reasonCode()).isEqualTo(ReasonCode.MALFORMED_RESPONSE);
    assertThat(f.message()).contains("not the JSON it should be");
  }

  @Test
  void shouldNameAJdkConnectionRefusalAsACannotConnect() {
    Failure f =
        ErrorClassifier.classify(
            SdkClientException.create("x", new ConnectException("Connection refused")));

    assertThat(f.reasonCode()).isEqualTo(ReasonCode.CONNECTION_FAILED);
    assertThat(f.message()).isEqualTo("cannot connect to the endpoint: Connection refused");
  }

  /**
   * The AWS Common Runtime's HTTP client reports transport failures by error name; the SDK wraps
   * those it may retry in an IOException and the rest not. Each wrapping classifies alike.
   */
  @ParameterizedTest
  @CsvSource({
    "AWS_IO_SOCKET_CONNECTION_REFUSED, CONNECTION_FAILED, cannot connect to the endpoint",
    "AWS_IO_SOCKET_TIMEOUT, CONNECTION_FAILED, cannot connect to the endpoint",
    "AWS_IO_SOCKET_NO_ROUTE_TO_HOST, CONNECTION_FAILED, cannot connect to the endpoint",
    "AWS_IO_DNS_INVALID_NAME, CONNECTION_FAILED, cannot connect to the endpoint",
    "AWS_IO_TLS_ERROR_NEGOTIATION_FAILURE, CONNECTION_FAILED, cannot connect to the endpoint",
    "AWS_IO_SOCKET_CLOSED, CONNECTION_FAILED, connection failed",
    "AWS_ERROR_HTTP_CONNECTION_CLOSED, CONNECTION_FAILED, connection failed",
    "AWS_ERROR_HTTP_PROTOCOL_ERROR, MALFORMED_RESPONSE, the endpoint's answer is not a valid HTTP"
  })
  void shouldClassifyTheCommonRuntimesTransportErrorsByName(
      String errorName, ReasonCode reason, String wording) {
    int code = crtErrorCode(errorName);
    HttpException http = new HttpException(code);
    List<Throwable> wrapped =
        List.of(
            SdkClientException.create("Unable to execute HTTP request", http),
            SdkClientException.create(
                "Unable to execute HTTP request", new IOException(http.toString(), http)),
            SdkClientException.create(
                "Unable to execute HTTP request",
                new IOException("failed", new CrtRuntimeException(code))));

    for (Throwable e : wrapped) {
      Failure f = ErrorClassifier.classify(new CompletionException(e));

      assertThat(f.failureClass()).isEqualTo(FailureClass.TRANSIENT);
      assertThat(f.reasonCode()).isEqualTo(reason);
      assertThat(f.message()).startsWith(wording).endsWith("(" + errorName + ")");
    }
  }

  /** The AWS Common Runtime's code of an error name (its errors' codes lie below 0x4000). */
  private static int crtErrorCode(String name) {
    for (int code = 1; code < 0x4000; code++) {
      if (name.equals(CRT.awsErrorName(code))) {
        return code;
      }
    }
    throw new AssertionError("no AWS CRT error named " + name);
  }
}
