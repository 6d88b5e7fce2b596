package dev.ballast.modelclient;

import java.util.Arrays;
import java.util.Locale;

/**
 * How an enum constant is written in configuration: its name in lower case ({@code TRUNCATE_MIDDLE}
 * is {@code truncate_middle}), read back ignoring case. Stateless.
 */
public final class ConfigWords {

  private ConfigWords() {}

  /** The configuration word of {@code constant}. */
  public static String id(Enum<?> constant) {
    return constant.name().toLowerCase(Locale.ROOT);
  }

  /**
   * The constant of {@code type} whose word is {@code value}, ignoring case.
   *
   * @param what what the constants are, for the message (e.g. {@code "context policy"})
   * @throws IllegalArgumentException naming the value and the accepted words
   */
  public static <E extends Enum<E>> E parse(Class<E> type, String value, String what) {
    E[] constants = type.getEnumConstants();
    for (E c : constants) {
      if (id(c).equalsIgnoreCase(value)) {
        return c;
      }
    }
    throw new IllegalArgumentException(
        "unknown "
            + what
            + " '"
            + value
            + "' (known: "
            + Arrays.stream(constants).map(ConfigWords::id).toList()
            + ")");
  }
}
