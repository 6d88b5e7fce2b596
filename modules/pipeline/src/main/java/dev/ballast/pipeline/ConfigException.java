package dev.ballast.pipeline;

/**
 * A configuration that cannot be used. The message names the source, the key and what is wrong, in
 * words an operator can act on; nothing starts with a bad configuration.
 */
public final class ConfigException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String key;

  public ConfigException(String key, String message) {
    super(message);
    this.key = key;
  }

  public ConfigException(String key, String message, Throwable cause) {
    super(message, cause);
    this.key = key;
  }

  /** The offending key, or null when the problem is not about one key (an unreadable file). */
  public String key() {
    return key;
  }
}
