package dev.ballast.modelclient;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ErrorClassifierTest {

  @ParameterizedTest
  @CsvSource({
    "429, rate_limit_exceeded, THROTTLED, THROTTLED",
    "429, insufficient_quota, UNAVAILABLE, QUOTA_EXHAUSTED",
    "400, context_length_exceeded, CONTEXT_OVERFLOW, CONTEXT_OVERFLOW",
    "400, invalid_request_error, PERMANENT, INVALID_REQUEST",
    "401, invalid_api_key, UNAVAILABLE, ACCESS_DENIED",
    "404, model_not_found, UNAVAILABLE, MODEL_NOT_FOUND",
    "408, timeout, TIMEOUT, MODEL_TIMEOUT",
    "500, server_error, TRANSIENT, PROVIDER_INTERNAL_ERROR",
    "503, service_unavailable, TRANSIENT, SERVICE_UNAVAILABLE"
  })
  void shouldClassifyOpenAiStyleErrorsByStatusAndCode(
      int status, String code, FailureClass expectedClass, String reason) {
    Failure f = ErrorClassifier.classifyHttp(status, code, null, "m", Duration.ofSeconds(2));

    assertThat(f.failureClass()).isEqualTo(expectedClass);
    assertThat(f.reasonCode()).isEqualTo(reason);
    assertThat(f.statusCode()).isEqualTo(status);
  }

  @Test
  void shouldReadBothOverflowMessageStylesWhenTheyStateNumbers() {
    assertThat(ErrorClassifier.overflowTokens("prompt is too long: 250000 tokens > 200000 maximum"))
        .containsExactly(250000, 200000);
    assertThat(
            ErrorClassifier.overflowTokens(
                "This model's maximum context length is 8192 tokens. However, your messages resulted in 9000 tokens."))
        .containsExactly(9000, 8192);
    assertThat(ErrorClassifier.overflowTokens("Input is too long for requested model.")).isNull();
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
    assertThat(f.reasonCode()).isEqualTo("BREAKER_OPEN");
  }

  @Test
  void shouldTreatUnknownErrorsAsTransientWhenUnclassified() {
    Failure f = ErrorClassifier.classify(new IllegalStateException("boom"));

    assertThat(f.failureClass()).isEqualTo(FailureClass.TRANSIENT);
    assertThat(f.reasonCode()).isEqualTo("UNKNOWN_ERROR");
    assertThat(f.message()).contains("IllegalStateException: boom");
  }
}
