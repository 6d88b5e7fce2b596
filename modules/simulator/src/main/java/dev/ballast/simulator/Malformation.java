package dev.ballast.simulator;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * Ways a structured (tool-use or JSON-schema) answer can be malformed, as real models do.
 *
 * <p>This enum is immutable and thread-safe.
 */
public enum Malformation {
  /** A text block {@code "Here is the result:\n```json\n{…}\n```"} instead of a tool call. */
  PROSE_AROUND_JSON("proseAroundJson"),
  /** A text block holding the first half of the JSON. */
  TRUNCATED_JSON("truncatedJson"),
  /** A tool call whose input has one field of the wrong JSON type. */
  WRONG_TYPES("wrongTypes"),
  /** A tool call whose input lacks a required property. */
  MISSING_REQUIRED("missingRequired");

  private final String configName;

  Malformation(String configName) {
    this.configName = configName;
  }

  /** The name used in scenario files, e.g. {@code truncatedJson}. */
  public String configName() {
    return configName;
  }

  /**
   * Parses {@code truncatedJson}, {@code TRUNCATED_JSON} or {@code truncated-json}.
   *
   * @throws IllegalArgumentException naming the known values
   */
  public static Malformation parse(String text) {
    String wanted = ErrorType.normalize(text);
    for (Malformation m : values()) {
      if (ErrorType.normalize(m.name()).equals(wanted)) {
        return m;
      }
    }
    throw new IllegalArgumentException(
        "unknown malformation '" + text + "' (known: " + known() + ")");
  }

  /** The accepted names, for error messages. */
  public static String known() {
    return Arrays.stream(values()).map(Malformation::configName).collect(Collectors.joining(", "));
  }
}
