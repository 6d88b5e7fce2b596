package dev.ballast.simulator.internal;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses and prints durations like {@code 250ms}, {@code 5s}, {@code 2m}, {@code 1h}. */
public final class Durations {

  private static final Pattern FORMAT =
      Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h)", Pattern.CASE_INSENSITIVE);

  private Durations() {}

  /**
   * Parses {@code 250ms}, {@code 1.5s}, {@code 2m}, {@code 1h}, {@code 0}, or ISO-8601 ({@code
   * PT5S}).
   *
   * @throws IllegalArgumentException when the text is none of these
   */
  public static Duration parse(String text) {
    String t = text.trim();
    if (t.equals("0")) {
      return Duration.ZERO;
    }
    Matcher m = FORMAT.matcher(t);
    if (m.matches()) {
      BigDecimal amount = new BigDecimal(m.group(1));
      BigDecimal millis =
          switch (m.group(2).toLowerCase(Locale.ROOT)) {
            case "ms" -> amount;
            case "s" -> amount.multiply(BigDecimal.valueOf(1_000));
            case "m" -> amount.multiply(BigDecimal.valueOf(60_000));
            default -> amount.multiply(BigDecimal.valueOf(3_600_000));
          };
      return Duration.ofNanos(millis.multiply(BigDecimal.valueOf(1_000_000)).longValue());
    }
    if (t.startsWith("PT") || t.startsWith("pt")) {
      try {
        return Duration.parse(t);
      } catch (DateTimeParseException e) {
        // fall through to the error below
      }
    }
    throw new IllegalArgumentException(
        "expected a duration like 250ms, 5s, 2m, was '" + text + "'");
  }

  /** The shortest of {@code 250ms}, {@code 5s}, {@code 2m}, {@code 1h} that is exact. */
  public static String format(Duration d) {
    long millis = d.toMillis();
    if (millis % 3_600_000 == 0 && millis > 0) {
      return millis / 3_600_000 + "h";
    }
    if (millis % 60_000 == 0 && millis > 0) {
      return millis / 60_000 + "m";
    }
    if (millis % 1_000 == 0 && millis > 0) {
      return millis / 1_000 + "s";
    }
    return millis + "ms";
  }
}
