package dev.ballast.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;
import software.amazon.awssdk.services.bedrockruntime.model.ServiceUnavailableException;
import software.amazon.awssdk.services.bedrockruntime.model.ThrottlingException;

/** Rate-limit hints in every form, overloaded answers and long hints, on both wires. */
class RateLimitHintSdkTest {

  private static final Instant NOW = Instant.parse("2026-11-30T18:00:00.250Z");

  private static Simulator sim;
  private static BedrockRuntimeClient client;
  private static URI completions;

  @BeforeAll
  static void startSimulator() {
    sim = Simulator.builder().clock(new MutableClock(NOW)).build().start();
    client = SdkClients.sync(sim.uri());
    completions = sim.uri().resolve("/v1/chat/completions");
  }

  @AfterAll
  static void stopSimulator() {
    client.close();
    sim.close();
  }

  @BeforeEach
  void clean() {
    sim.clearFaults();
    sim.resetStats();
  }

  static Stream<Arguments> forms() {
    return Stream.of(
        Arguments.of(RateLimitHint.RETRY_AFTER, 1500, "Retry-After", "2", null),
        Arguments.of(RateLimitHint.RETRY_AFTER_DECIMAL, 1500, "Retry-After", "1.5", null),
        Arguments.of(
            RateLimitHint.RETRY_AFTER_DATE,
            1500,
            "Retry-After",
            "Mon, 30 Nov 2026 18:00:02 GMT",
            null),
        Arguments.of(RateLimitHint.RETRY_AFTER_MS, 1500, "retry-after-ms", "1500", null),
        Arguments.of(
            RateLimitHint.OPENAI_RESET_REQUESTS,
            60_000,
            "x-ratelimit-reset-requests",
            "1m0s",
            "x-ratelimit-remaining-requests"),
        Arguments.of(
            RateLimitHint.OPENAI_RESET_TOKENS,
            6,
            "x-ratelimit-reset-tokens",
            "6ms",
            "x-ratelimit-remaining-tokens"),
        Arguments.of(
            RateLimitHint.OPENAI_RESET_TOKENS,
            1500,
            "x-ratelimit-reset-tokens",
            "1.5s",
            "x-ratelimit-remaining-tokens"),
        Arguments.of(
            RateLimitHint.ANTHROPIC_REQUESTS_RESET,
            20_000,
            "anthropic-ratelimit-requests-reset",
            "2026-11-30T18:00:20.250Z",
            "anthropic-ratelimit-requests-remaining"),
        Arguments.of(
            RateLimitHint.ANTHROPIC_TOKENS_RESET,
            1000,
            "anthropic-ratelimit-tokens-reset",
            "2026-11-30T18:00:01.250Z",
            "anthropic-ratelimit-tokens-remaining"),
        Arguments.of(
            RateLimitHint.ANTHROPIC_INPUT_TOKENS_RESET,
            3_600_000,
            "anthropic-ratelimit-input-tokens-reset",
            "2026-11-30T19:00:00.250Z",
            "anthropic-ratelimit-input-tokens-remaining"),
        Arguments.of(
            RateLimitHint.ANTHROPIC_OUTPUT_TOKENS_RESET,
            500,
            "anthropic-ratelimit-output-tokens-reset",
            "2026-11-30T18:00:00.750Z",
            "anthropic-ratelimit-output-tokens-remaining"),
        Arguments.of(RateLimitHint.RETRY_AFTER, 10_800_000, "Retry-After", "10800", null),
        Arguments.of(
            RateLimitHint.OPENAI_RESET_REQUESTS,
            10_800_000,
            "x-ratelimit-reset-requests",
            "3h0m0s",
            "x-ratelimit-remaining-requests"));
  }

  @ParameterizedTest
  @MethodSource("forms")
  void shouldSendTheWaitInTheHintsFormWhenAThrottleRuleNamesIt(
      RateLimitHint form, long waitMillis, String header, String value, String remaining) {
    // given
    String id = "hint-" + form.configName() + "-" + waitMillis;
    sim.inject(
        FaultRule.forRequest(id)
            .error(ErrorType.THROTTLING)
            .retryAfter(Duration.ofMillis(waitMillis))
            .hints(form));

    // when
    Throwable thrown = catchThrowable(() -> client.converse(SdkClients.text(id, "hi")));

    // then
    assertThat(thrown).isExactlyInstanceOf(ThrottlingException.class);
    SdkHttpResponse http = ((AwsServiceException) thrown).awsErrorDetails().sdkHttpResponse();
    assertThat(http.statusCode()).isEqualTo(429);
    assertThat(http.firstMatchingHeader(header)).contains(value);
    if (remaining != null) {
      assertThat(http.firstMatchingHeader(remaining)).contains("0");
    }
    assertThat(sim.stats().endpoint("us-east-1", SdkClients.HAIKU).errors(ErrorType.THROTTLING))
        .isEqualTo(1);
  }

  @Test
  void shouldSendEveryHintAndRawHeadersWhenAScenarioRuleListsThem() {
    // given
    sim.setScenario(
        Scenarios.parse(
            """
            faults:
              - requestId: hints-all
                error: ServiceUnavailableException
                retryAfter: 2.5s
                hints: [retry-after-decimal, retry-after-ms, x-ratelimit-reset-tokens,
                        anthropic-ratelimit-tokens-reset]
                headers: {x-ratelimit-reset-requests: "soon"}
            """));

    // when
    Throwable thrown = catchThrowable(() -> client.converse(SdkClients.text("hints-all", "hi")));

    // then
    assertThat(thrown).isExactlyInstanceOf(ServiceUnavailableException.class);
    SdkHttpResponse http = ((AwsServiceException) thrown).awsErrorDetails().sdkHttpResponse();
    assertThat(http.statusCode()).isEqualTo(503);
    assertThat(http.firstMatchingHeader("Retry-After")).contains("2.5");
    assertThat(http.firstMatchingHeader("retry-after-ms")).contains("2500");
    assertThat(http.firstMatchingHeader("x-ratelimit-reset-tokens")).contains("2.5s");
    assertThat(http.firstMatchingHeader("anthropic-ratelimit-tokens-reset"))
        .contains("2026-11-30T18:00:02.750Z");
    assertThat(http.firstMatchingHeader("x-ratelimit-reset-requests")).contains("soon");
    sim.setScenario(Scenario.defaults());
  }

  @Test
  void shouldAnswerServiceUnavailableOverloadedWhenTheRuleSaysOverloadedOnConverse() {
    // given
    sim.inject(FaultRule.forRequest("ovl-1").error(ErrorType.OVERLOADED));

    // when
    Throwable thrown = catchThrowable(() -> client.converse(SdkClients.text("ovl-1", "hi")));

    // then
    assertThat(thrown).isExactlyInstanceOf(ServiceUnavailableException.class);
    assertThat(((AwsServiceException) thrown).awsErrorDetails().errorMessage())
        .isEqualTo("Overloaded");
    assertThat(sim.stats().total().errors(ErrorType.OVERLOADED)).isEqualTo(1);
    assertThat(sim.stats().total().errors(ErrorType.SERVICE_UNAVAILABLE)).isZero();
  }

  @Test
  void shouldAnswer529OverloadedErrorWhenTheRuleSaysOverloadedOnTheOpenAiWire() {
    // given
    sim.inject(
        FaultRule.forRequest("ovl-2")
            .error(ErrorType.OVERLOADED)
            .retryAfter(Duration.ofSeconds(3)));

    // when
    Http.Response r = Http.post(completions, chat(), "X-Ballast-Request-Id", "ovl-2");

    // then
    assertThat(r.status()).isEqualTo(529);
    assertThat(r.json())
        .isEqualTo(
            TestSchemas.json(
                "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\","
                    + "\"message\":\"Overloaded\"}}"));
    assertThat(r.headers().get("retry-after")).isEqualTo("3");
    assertThat(sim.stats().endpoint("us-east-1", "gpt-4o-mini").errors("OverloadedError"))
        .isEqualTo(1);
  }

  @Test
  void shouldAnswer503WithRetryAfterWhenServiceUnavailableHasAHintOnTheOpenAiWire() {
    // given
    sim.inject(
        FaultRule.forRequest("su-1")
            .error(ErrorType.SERVICE_UNAVAILABLE)
            .retryAfter(Duration.ofSeconds(30))
            .hints(RateLimitHint.RETRY_AFTER, RateLimitHint.OPENAI_RESET_REQUESTS));

    // when
    Http.Response r = Http.post(completions, chat(), "X-Ballast-Request-Id", "su-1");

    // then
    assertThat(r.status()).isEqualTo(503);
    assertThat(r.json().path("error").path("code").asText()).isEqualTo("service_unavailable");
    assertThat(r.headers().get("retry-after")).isEqualTo("30");
    assertThat(r.headers().get("x-ratelimit-reset-requests")).isEqualTo("30s");
    assertThat(r.headers().get("x-ratelimit-remaining-requests")).isEqualTo("0");
  }

  private static String chat() {
    return "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
  }
}
