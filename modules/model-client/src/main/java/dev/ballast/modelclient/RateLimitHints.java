package dev.ballast.modelclient;

import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads how long a provider asks a client to wait, from the response headers of a throttled or
 * overloaded call. Every form seen in the wild is read:
 *
 * <ul>
 *   <li>{@code Retry-After} as delta-seconds, also with decimals ({@code 1.5}), or as an HTTP date
 *       in any of the three forms RFC 9110 §10.2.3 / RFC 7231 §7.1.1.1 require a recipient to
 *       accept (IMF-fixdate {@code Sun, 06 Nov 1994 08:49:37 GMT}, obsolete RFC 850 and asctime);
 *   <li>{@code retry-after-ms}: milliseconds, possibly with decimals (sent by OpenAI and Azure
 *       OpenAI, read by the OpenAI SDKs);
 *   <li>OpenAI's {@code x-ratelimit-reset-requests} and {@code x-ratelimit-reset-tokens}: Go-style
 *       durations such as {@code 1m0s}, {@code 6ms}, {@code 1.5s}, {@code 2h3m} (OpenAI API
 *       reference, "Rate limits: rate limits in headers"); a bare number counts as seconds;
 *   <li>Anthropic's {@code anthropic-ratelimit-requests-reset}, {@code -tokens-reset}, {@code
 *       -input-tokens-reset} and {@code -output-tokens-reset}: RFC 3339 times at which the limit is
 *       replenished (Anthropic API reference, "Rate limits: response headers").
 * </ul>
 *
 * <p>A reset header counts only when it is applicable: when its matching remaining header ({@code
 * x-ratelimit-remaining-requests}, {@code anthropic-ratelimit-tokens-remaining}, …) is absent or 0;
 * a limit with budget left is not what stopped the call. Of the applicable hints the largest wins.
 * Values that are negative, in the past, unparsable or absurdly large (more than {@link #MAX_HINT})
 * are ignored; nothing here throws for any header content.
 *
 * <p>Stateless and thread-safe.
 */
public final class RateLimitHints {

  /** Hints longer than this (about 31 days) are treated as garbage. */
  public static final Duration MAX_HINT = Duration.ofDays(31);

  private static final Pattern DECIMAL = Pattern.compile("\\d{1,18}(\\.\\d{1,9})?");
  private static final Pattern GO_DURATION =
      Pattern.compile("((\\d{1,18}(\\.\\d{1,9})?)(h|ms|m|s|us|µs|ns))+");
  private static final Pattern GO_PART =
      Pattern.compile("(\\d{1,18}(?:\\.\\d{1,9})?)(h|ms|m|s|us|µs|ns)");
  private static final DateTimeFormatter RFC_850 =
      DateTimeFormatter.ofPattern("EEEE, dd-MMM-yy HH:mm:ss 'GMT'", Locale.US)
          .withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter ASCTIME =
      DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy", Locale.US).withZone(ZoneOffset.UTC);

  private static final List<String> OPENAI_LIMITS = List.of("requests", "tokens");
  private static final List<String> ANTHROPIC_LIMITS =
      List.of("requests", "tokens", "input-tokens", "output-tokens");

  private RateLimitHints() {}

  /**
   * The wait the provider asks for.
   *
   * @param headers response headers; names are matched case-insensitively, the first value of a
   *     name is read; may be null or empty
   * @param now the current time, to turn HTTP dates and RFC 3339 reset times into waits; not null
   * @return the largest applicable hint, zero or positive; empty when there is none
   */
  public static Optional<Duration> wait(
      Map<String, ? extends Collection<String>> headers, Instant now) {
    if (headers == null || headers.isEmpty() || now == null) {
      return Optional.empty();
    }
    Duration best = null;
    best = max(best, retryAfter(first(headers, "retry-after"), now));
    best = max(best, millis(first(headers, "retry-after-ms")));
    for (String limit : OPENAI_LIMITS) {
      if (applicable(first(headers, "x-ratelimit-remaining-" + limit))) {
        best = max(best, goDuration(first(headers, "x-ratelimit-reset-" + limit)));
      }
    }
    for (String limit : ANTHROPIC_LIMITS) {
      if (applicable(first(headers, "anthropic-ratelimit-" + limit + "-remaining"))) {
        best = max(best, until(first(headers, "anthropic-ratelimit-" + limit + "-reset"), now));
      }
    }
    return Optional.ofNullable(best);
  }

  /**
   * A {@code Retry-After} value: delta-seconds (decimals allowed) or an HTTP date.
   *
   * @return the wait, or null when the value is absent, unparsable or in the past
   */
  static Duration retryAfter(String value, Instant now) {
    if (value == null) {
      return null;
    }
    String v = value.trim();
    if (DECIMAL.matcher(v).matches()) {
      return sane(seconds(v));
    }
    Instant at = httpDate(v);
    return at == null ? null : sane(Duration.between(now, at));
  }

  /** An HTTP date in IMF-fixdate, RFC 850 or asctime form, or null. */
  static Instant httpDate(String v) {
    for (DateTimeFormatter f : List.of(DateTimeFormatter.RFC_1123_DATE_TIME, RFC_850, ASCTIME)) {
      try {
        return ZonedDateTime.parse(v, f).toInstant();
      } catch (DateTimeException e) {
        // try the next form
      }
    }
    return null;
  }

  /** A {@code retry-after-ms} value, or null. */
  static Duration millis(String value) {
    if (value == null || !DECIMAL.matcher(value.trim()).matches()) {
      return null;
    }
    BigDecimal ms = new BigDecimal(value.trim());
    return sane(Duration.ofNanos(ms.movePointRight(6).longValue()));
  }

  /**
   * A Go duration ({@code 1m0s}, {@code 6ms}, {@code 1.5s}, {@code 2h3m}) or bare seconds, or null.
   */
  static Duration goDuration(String value) {
    if (value == null) {
      return null;
    }
    String v = value.trim();
    if (DECIMAL.matcher(v).matches()) {
      return sane(seconds(v));
    }
    if (!GO_DURATION.matcher(v).matches()) {
      return null;
    }
    BigDecimal nanos = BigDecimal.ZERO;
    Matcher m = GO_PART.matcher(v);
    while (m.find()) {
      BigDecimal n = new BigDecimal(m.group(1));
      long unit =
          switch (m.group(2)) {
            case "h" -> 3_600_000_000_000L;
            case "m" -> 60_000_000_000L;
            case "s" -> 1_000_000_000L;
            case "ms" -> 1_000_000L;
            case "us", "µs" -> 1_000L;
            default -> 1L;
          };
      nanos = nanos.add(n.multiply(BigDecimal.valueOf(unit)));
    }
    if (nanos.compareTo(BigDecimal.valueOf(MAX_HINT.toNanos())) > 0) {
      return null;
    }
    return sane(Duration.ofNanos(nanos.longValue()));
  }

  /** The wait until an RFC 3339 time, or null. */
  static Duration until(String value, Instant now) {
    if (value == null) {
      return null;
    }
    try {
      return sane(Duration.between(now, OffsetDateTime.parse(value.trim()).toInstant()));
    } catch (DateTimeException e) {
      return null;
    }
  }

  private static Duration seconds(String decimal) {
    BigDecimal s = new BigDecimal(decimal);
    if (s.compareTo(BigDecimal.valueOf(MAX_HINT.toSeconds())) > 0) {
      return null;
    }
    return Duration.ofNanos(s.movePointRight(9).longValue());
  }

  /** Whether a remaining-budget header allows the matching reset to apply. */
  private static boolean applicable(String remaining) {
    if (remaining == null) {
      return true;
    }
    String r = remaining.trim();
    return !DECIMAL.matcher(r).matches() || new BigDecimal(r).signum() == 0;
  }

  private static Duration sane(Duration d) {
    return d == null || d.isNegative() || d.compareTo(MAX_HINT) > 0 ? null : d;
  }

  private static Duration max(Duration a, Duration b) {
    if (a == null) {
      return b;
    }
    return b == null || a.compareTo(b) >= 0 ? a : b;
  }

  private static String first(Map<String, ? extends Collection<String>> headers, String name) {
    for (Map.Entry<String, ? extends Collection<String>> e : headers.entrySet()) {
      if (e.getKey() != null && e.getKey().equalsIgnoreCase(name) && e.getValue() != null) {
        for (String v : e.getValue()) {
          if (v != null && !v.isBlank()) {
            return v;
          }
        }
      }
    }
    return null;
  }
}
