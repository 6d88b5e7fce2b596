package dev.ballast.simulator;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * Empty answers a fault rule can force on a successful (HTTP 200) call; every one reports zero
 * output tokens and stop reason {@code end_turn} (OpenAI {@code stop}).
 *
 * <p>This enum is immutable and thread-safe.
 */
public enum EmptyAnswer {
  /** Converse {@code "content": []}; OpenAI {@code "content": ""}. */
  EMPTY_CONTENT("emptyContent"),
  /** Converse message without a {@code content} field; OpenAI {@code "content": null}. */
  NULL_CONTENT("nullContent"),
  /** Converse {@code "content": [{"text": ""}]}; OpenAI {@code "content": ""}. */
  BLANK_TEXT("blankText");

  private final String configName;

  EmptyAnswer(String configName) {
    this.configName = configName;
  }

  /** The name used in scenario files, e.g. {@code emptyContent}. */
  public String configName() {
    return configName;
  }

  /**
   * Parses {@code emptyContent}, {@code EMPTY_CONTENT} or {@code empty-content}.
   *
   * @throws IllegalArgumentException naming the known values
   */
  public static EmptyAnswer parse(String text) {
    String wanted = ErrorType.normalize(text);
    for (EmptyAnswer e : values()) {
      if (ErrorType.normalize(e.name()).equals(wanted)) {
        return e;
      }
    }
    throw new IllegalArgumentException(
        "unknown empty answer '" + text + "' (known: " + known() + ")");
  }

  /** The accepted names, for error messages. */
  public static String known() {
    return Arrays.stream(values()).map(EmptyAnswer::configName).collect(Collectors.joining(", "));
  }
}
