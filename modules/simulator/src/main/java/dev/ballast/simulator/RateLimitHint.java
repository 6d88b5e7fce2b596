package dev.ballast.simulator;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * A header in which an error tells the client how long to wait, in one of the forms providers use.
 * The value is rendered from the wait a fault rule gives ({@code retryAfter}) and the simulator's
 * clock.
 *
 * <p>Sources: {@code Retry-After} RFC 9110 §10.2.3 (delta-seconds or HTTP date); {@code
 * retry-after-ms} as OpenAI and Azure OpenAI send it; {@code x-ratelimit-reset-*} as Go-style
 * durations (OpenAI API reference, "Rate limits"); {@code anthropic-ratelimit-*-reset} as RFC 3339
 * times (Anthropic API reference, "Rate limits").
 *
 * <p>This enum is immutable and thread-safe.
 */
public enum RateLimitHint {
  /** {@code Retry-After: 2}: whole seconds, rounded up. */
  RETRY_AFTER("retry-after", "Retry-After"),
  /** {@code Retry-After: 1.5}: seconds with up to three decimals. */
  RETRY_AFTER_DECIMAL("retry-after-decimal", "Retry-After"),
  /** {@code Retry-After: Mon, 30 Nov 2026 18:00:05 GMT}: an IMF-fixdate, rounded up to a second. */
  RETRY_AFTER_DATE("retry-after-date", "Retry-After"),
  /** {@code retry-after-ms: 1500}. */
  RETRY_AFTER_MS("retry-after-ms", "retry-after-ms"),
  /** {@code x-ratelimit-reset-requests: 1m0s} (with {@code x-ratelimit-remaining-requests: 0}). */
  OPENAI_RESET_REQUESTS("x-ratelimit-reset-requests", "x-ratelimit-reset-requests"),
  /** {@code x-ratelimit-reset-tokens: 6ms} (with {@code x-ratelimit-remaining-tokens: 0}). */
  OPENAI_RESET_TOKENS("x-ratelimit-reset-tokens", "x-ratelimit-reset-tokens"),
  /** {@code anthropic-ratelimit-requests-reset: 2026-11-30T18:00:05Z}. */
  ANTHROPIC_REQUESTS_RESET(
      "anthropic-ratelimit-requests-reset", "anthropic-ratelimit-requests-reset"),
  /** {@code anthropic-ratelimit-tokens-reset: …}. */
  ANTHROPIC_TOKENS_RESET("anthropic-ratelimit-tokens-reset", "anthropic-ratelimit-tokens-reset"),
  /** {@code anthropic-ratelimit-input-tokens-reset: …}. */
  ANTHROPIC_INPUT_TOKENS_RESET(
      "anthropic-ratelimit-input-tokens-reset", "anthropic-ratelimit-input-tokens-reset"),
  /** {@code anthropic-ratelimit-output-tokens-reset: …}. */
  ANTHROPIC_OUTPUT_TOKENS_RESET(
      "anthropic-ratelimit-output-tokens-reset", "anthropic-ratelimit-output-tokens-reset");

  private final String configName;
  private final String headerName;

  RateLimitHint(String configName, String headerName) {
    this.configName = configName;
    this.headerName = headerName;
  }

  /** The name used in scenario files, e.g. {@code retry-after-ms}. */
  public String configName() {
    return configName;
  }

  /** The response header this hint is sent in. */
  public String headerName() {
    return headerName;
  }

  /**
   * The header value for a wait.
   *
   * @param wait not negative
   * @param now the simulator's clock, for dates and reset times
   */
  public String render(Duration wait, Instant now) {
    long millis = wait.toMillis();
    return switch (this) {
      case RETRY_AFTER -> Long.toString((millis + 999) / 1000);
      case RETRY_AFTER_DECIMAL -> decimalSeconds(millis);
      case RETRY_AFTER_DATE ->
          DateTimeFormatter.RFC_1123_DATE_TIME.format(
              now.plusMillis(millis + 999)
                  .truncatedTo(ChronoUnit.SECONDS)
                  .atOffset(ZoneOffset.UTC));
      case RETRY_AFTER_MS -> Long.toString(millis);
      case OPENAI_RESET_REQUESTS, OPENAI_RESET_TOKENS -> goDuration(millis);
      default -> now.plusMillis(millis).atOffset(ZoneOffset.UTC).toString();
    };
  }

  /** The remaining-budget header sent with a reset header, or null. */
  public String remainingHeaderName() {
    return switch (this) {
      case OPENAI_RESET_REQUESTS -> "x-ratelimit-remaining-requests";
      case OPENAI_RESET_TOKENS -> "x-ratelimit-remaining-tokens";
      case ANTHROPIC_REQUESTS_RESET -> "anthropic-ratelimit-requests-remaining";
      case ANTHROPIC_TOKENS_RESET -> "anthropic-ratelimit-tokens-remaining";
      case ANTHROPIC_INPUT_TOKENS_RESET -> "anthropic-ratelimit-input-tokens-remaining";
      case ANTHROPIC_OUTPUT_TOKENS_RESET -> "anthropic-ratelimit-output-tokens-remaining";
      default -> null;
    };
  }

  private static String decimalSeconds(long millis) {
    return BigDecimal.valueOf(millis, 3).stripTrailingZeros().toPlainString();
  }

  /** Go's {@code time.Duration.String()} form at millisecond precision: 6ms, 1.5s, 1m0s, 3h0m0s. */
  static String goDuration(long millis) {
    if (millis < 1000) {
      return millis + "ms";
    }
    long hours = millis / 3_600_000;
    long minutes = millis / 60_000 % 60;
    String seconds = decimalSeconds(millis % 60_000);
    StringBuilder b = new StringBuilder();
    if (hours > 0) {
      b.append(hours).append('h');
    }
    if (hours > 0 || minutes > 0) {
      b.append(minutes).append('m');
    }
    return b.append(seconds).append('s').toString();
  }

  /**
   * Parses {@code retry-after-ms}, {@code RETRY_AFTER_MS} or a header name.
   *
   * @throws IllegalArgumentException naming the known values
   */
  public static RateLimitHint parse(String text) {
    String wanted = ErrorType.normalize(text);
    for (RateLimitHint h : values()) {
      if (ErrorType.normalize(h.configName).equals(wanted)
          || ErrorType.normalize(h.name()).equals(wanted)) {
        return h;
      }
    }
    throw new IllegalArgumentException(
        "unknown rate-limit hint '" + text + "' (known: " + known() + ")");
  }

  /** The accepted names, for error messages. */
  public static String known() {
    return Arrays.stream(values()).map(RateLimitHint::configName).collect(Collectors.joining(", "));
  }
}
