package dev.ballast.modelclient;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RateLimitHintsTest {

  private static final Instant NOW = Instant.parse("2026-11-30T18:00:00Z");

  static Stream<Arguments> singleHints() {
    return Stream.of(
        Arguments.of("Retry-After", "15", Duration.ofSeconds(15)),
        Arguments.of("retry-after", "0", Duration.ZERO),
        Arguments.of("Retry-After", "1.5", Duration.ofMillis(1500)),
        Arguments.of("Retry-After", " 10800 ", Duration.ofHours(3)),
        Arguments.of("Retry-After", "Mon, 30 Nov 2026 18:00:30 GMT", Duration.ofSeconds(30)),
        Arguments.of("Retry-After", "Monday, 30-Nov-26 18:01:00 GMT", Duration.ofMinutes(1)),
        Arguments.of("Retry-After", "Mon Nov 30 18:00:05 2026", Duration.ofSeconds(5)),
        Arguments.of("Retry-After", "Mon Dec  7 18:00:00 2026", Duration.ofDays(7)),
        Arguments.of("retry-after-ms", "1500", Duration.ofMillis(1500)),
        Arguments.of("Retry-After-Ms", "2.5", Duration.ofNanos(2_500_000)),
        Arguments.of("x-ratelimit-reset-requests", "1m0s", Duration.ofMinutes(1)),
        Arguments.of("x-ratelimit-reset-requests", "6ms", Duration.ofMillis(6)),
        Arguments.of("x-ratelimit-reset-tokens", "1.5s", Duration.ofMillis(1500)),
        Arguments.of("X-RateLimit-Reset-Tokens", "2h3m", Duration.ofMinutes(123)),
        Arguments.of("x-ratelimit-reset-tokens", "6m0.123s", Duration.ofMillis(360_123)),
        Arguments.of("x-ratelimit-reset-requests", "250us", Duration.ofNanos(250_000)),
        Arguments.of("x-ratelimit-reset-requests", "7", Duration.ofSeconds(7)),
        Arguments.of(
            "anthropic-ratelimit-requests-reset", "2026-11-30T18:00:20Z", Duration.ofSeconds(20)),
        Arguments.of(
            "anthropic-ratelimit-tokens-reset", "2026-11-30T19:00:00+01:00", Duration.ZERO),
        Arguments.of(
            "anthropic-ratelimit-input-tokens-reset",
            "2026-11-30T18:00:01.250Z",
            Duration.ofMillis(1250)),
        Arguments.of(
            "anthropic-ratelimit-output-tokens-reset",
            "2026-11-30T18:02:00Z",
            Duration.ofMinutes(2)));
  }

  @ParameterizedTest
  @MethodSource("singleHints")
  void shouldReadTheWaitWhenAProviderSendsOneHint(String name, String value, Duration expected) {
    // when
    var wait = RateLimitHints.wait(Map.of(name, List.of(value)), NOW);

    // then
    assertThat(wait).contains(expected);
  }

  static Stream<Arguments> garbage() {
    return Stream.of(
        Arguments.of("Retry-After", "-5"),
        Arguments.of("Retry-After", "soon"),
        Arguments.of("Retry-After", ""),
        Arguments.of("Retry-After", "1e3"),
        Arguments.of("Retry-After", "Mon, 30 Nov 2026 17:59:00 GMT"),
        Arguments.of("Retry-After", "99999999999999999999999"),
        Arguments.of("Retry-After", "9000000"),
        Arguments.of("retry-after-ms", "-100"),
        Arguments.of("retry-after-ms", "NaN"),
        Arguments.of("x-ratelimit-reset-requests", "1x"),
        Arguments.of("x-ratelimit-reset-requests", "-1s"),
        Arguments.of("x-ratelimit-reset-requests", "9999999h"),
        Arguments.of("x-ratelimit-reset-tokens", "ms"),
        Arguments.of("anthropic-ratelimit-requests-reset", "2026-11-30T17:00:00Z"),
        Arguments.of("anthropic-ratelimit-tokens-reset", "tomorrow"),
        Arguments.of("x-unrelated", "10"));
  }

  @ParameterizedTest
  @MethodSource("garbage")
  void shouldIgnoreTheHintWhenItIsNegativePastOrGarbage(String name, String value) {
    assertThat(RateLimitHints.wait(Map.of(name, List.of(value)), NOW)).isEmpty();
  }

  @Test
  void shouldTakeTheLargestHintWhenSeveralAreSent() {
    // given
    Map<String, List<String>> headers = new LinkedHashMap<>();
    headers.put("retry-after", List.of("2"));
    headers.put("retry-after-ms", List.of("2500"));
    headers.put("x-ratelimit-reset-tokens", List.of("1m0s"));
    headers.put("anthropic-ratelimit-tokens-reset", List.of("2026-11-30T18:00:30Z"));
    headers.put("x-ratelimit-reset-requests", List.of("garbage"));

    // when
    var wait = RateLimitHints.wait(headers, NOW);

    // then
    assertThat(wait).contains(Duration.ofMinutes(1));
  }

  @Test
  void shouldIgnoreAResetWhenItsLimitStillHasBudget() {
    // given
    Map<String, List<String>> headers = new LinkedHashMap<>();
    headers.put("x-ratelimit-remaining-requests", List.of("59"));
    headers.put("x-ratelimit-reset-requests", List.of("1m0s"));
    headers.put("x-ratelimit-remaining-tokens", List.of("0"));
    headers.put("x-ratelimit-reset-tokens", List.of("6ms"));
    headers.put("anthropic-ratelimit-output-tokens-remaining", List.of("1200"));
    headers.put("anthropic-ratelimit-output-tokens-reset", List.of("2026-11-30T18:05:00Z"));

    // when
    var wait = RateLimitHints.wait(headers, NOW);

    // then
    assertThat(wait).contains(Duration.ofMillis(6));
  }

  @Test
  void shouldReadTheFirstNonBlankValueWhenANameRepeats() {
    assertThat(RateLimitHints.wait(Map.of("Retry-After", List.of("", "4")), NOW))
        .contains(Duration.ofSeconds(4));
  }

  @Test
  void shouldReturnEmptyWhenThereAreNoHeaders() {
    assertThat(RateLimitHints.wait(null, NOW)).isEmpty();
    assertThat(RateLimitHints.wait(Map.of(), NOW)).isEmpty();
    assertThat(RateLimitHints.wait(Map.of("Retry-After", List.of("3")), null)).isEmpty();
  }
}
