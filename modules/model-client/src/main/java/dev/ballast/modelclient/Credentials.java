package dev.ballast.modelclient;

import java.util.Locale;

/** How a client authenticates to its endpoint. */
public enum Credentials {
  /** The AWS default provider chain: environment, system properties, profile, container, IMDS. */
  DEFAULT,
  /**
   * Fixed placeholder credentials, for endpoints that check none (the simulator, a local gateway).
   * Never use it against a real provider: every call would be rejected.
   */
  NONE;

  /** The lower-case name used in configuration. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Parses a configured value.
   *
   * @throws IllegalArgumentException naming the value and the accepted ones
   */
  public static Credentials parse(String value) {
    for (Credentials c : values()) {
      if (c.id().equalsIgnoreCase(value)) {
        return c;
      }
    }
    throw new IllegalArgumentException(
        "unknown credentials '" + value + "' (expected 'default' or 'none')");
  }
}
