package dev.ballast.pipeline;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One documented configuration key: its name, type, default and what an operator sees when it is
 * wrong. Immutable.
 *
 * @param name the key, e.g. {@code model.call.timeout}
 * @param type how values are parsed
 * @param defaultValue the parsed default, or null when the key is required
 * @param doc what the key does and what a wrong value looks like in operation
 * @param min lower bound for numbers and durations (inclusive), or null
 * @param choices the accepted values of a {@link Type#STRING} key, or empty for any
 */
public record ConfigKey(
    String name, Type type, Object defaultValue, String doc, Number min, List<String> choices) {

  /** Value types. */
  public enum Type {
    STRING,
    INT,
    LONG,
    BOOLEAN,
    /** {@code 250ms}, {@code 30s}, {@code 5m}, {@code 1h}, or a number of milliseconds. */
    DURATION,
    /** A YAML list or a comma-separated string. */
    LIST
  }

  private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)?");

  public ConfigKey {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(doc, "doc");
    choices = choices == null ? List.of() : List.copyOf(choices);
  }

  /** A required key has no default. */
  public boolean required() {
    return defaultValue == null;
  }

  /**
   * Parses a raw value (from YAML or a builder) into this key's type.
   *
   * @throws ConfigException naming the key, the value and the expected form
   */
  public Object parse(Object raw, String source) {
    try {
      Object value =
          switch (type) {
            case STRING -> parseString(raw);
            case INT -> Math.toIntExact(parseLong(raw));
            case LONG -> parseLong(raw);
            case BOOLEAN -> parseBoolean(raw);
            case DURATION -> parseDuration(raw);
            case LIST -> parseList(raw);
          };
      check(value);
      return value;
    } catch (IllegalArgumentException | ArithmeticException e) {
      throw new ConfigException(
          name, source + ": invalid value '" + raw + "' for '" + name + "': " + e.getMessage());
    }
  }

  private void check(Object value) {
    if (min != null) {
      long actual = value instanceof Duration d ? d.toMillis() : ((Number) value).longValue();
      if (actual < min.longValue()) {
        throw new IllegalArgumentException(
            "must be at least " + (type == Type.DURATION ? min + "ms" : min));
      }
    }
    if (!choices.isEmpty() && !choices.contains(value)) {
      throw new IllegalArgumentException("expected one of " + choices);
    }
  }

  private static String parseString(Object raw) {
    if (raw instanceof String || raw instanceof Number || raw instanceof Boolean) {
      return raw.toString();
    }
    throw new IllegalArgumentException("expected a string");
  }

  private static long parseLong(Object raw) {
    if (raw instanceof Integer || raw instanceof Long || raw instanceof Short) {
      return ((Number) raw).longValue();
    }
    if (raw instanceof String s) {
      try {
        return Long.parseLong(s.trim().replace("_", ""));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("expected a whole number");
      }
    }
    throw new IllegalArgumentException("expected a whole number");
  }

  private static boolean parseBoolean(Object raw) {
    if (raw instanceof Boolean b) {
      return b;
    }
    if (raw instanceof String s) {
      String v = s.trim().toLowerCase(Locale.ROOT);
      if (v.equals("true") || v.equals("false")) {
        return Boolean.parseBoolean(v);
      }
    }
    throw new IllegalArgumentException("expected true or false");
  }

  /**
   * Parses {@code 250ms}, {@code 30s}, {@code 5m}, {@code 1h}, {@code 2d} or plain milliseconds.
   */
  public static Duration parseDuration(Object raw) {
    if (raw instanceof Duration d) {
      return d;
    }
    if (raw instanceof Integer || raw instanceof Long) {
      return Duration.ofMillis(((Number) raw).longValue());
    }
    if (raw instanceof String s) {
      Matcher m = DURATION.matcher(s.trim().toLowerCase(Locale.ROOT));
      if (m.matches()) {
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "ms" : m.group(2);
        return switch (unit) {
          case "ms" -> Duration.ofMillis(n);
          case "s" -> Duration.ofSeconds(n);
          case "m" -> Duration.ofMinutes(n);
          case "h" -> Duration.ofHours(n);
          default -> Duration.ofDays(n);
        };
      }
    }
    throw new IllegalArgumentException("expected a duration such as 250ms, 30s, 5m or 1h");
  }

  private static List<String> parseList(Object raw) {
    if (raw instanceof List<?> list) {
      return list.stream().map(String::valueOf).map(String::trim).toList();
    }
    if (raw instanceof String s) {
      return s.isBlank() ? List.of() : Arrays.stream(s.split(",")).map(String::trim).toList();
    }
    throw new IllegalArgumentException("expected a list");
  }

  /** Renders a parsed value the way it is written in a config file. */
  public static String render(Object value) {
    if (value instanceof Duration d) {
      long ms = d.toMillis();
      if (ms % 3_600_000 == 0 && ms > 0) {
        return ms / 3_600_000 + "h";
      }
      if (ms % 60_000 == 0 && ms > 0) {
        return ms / 60_000 + "m";
      }
      if (ms % 1000 == 0 && ms > 0) {
        return ms / 1000 + "s";
      }
      return ms + "ms";
    }
    if (value instanceof List<?> list) {
      return String.join(",", list.stream().map(String::valueOf).toList());
    }
    return String.valueOf(value);
  }
}
