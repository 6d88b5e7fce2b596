package dev.ballast.modelclient;

import java.util.Arrays;
import java.util.Locale;

/** A model provider Ballast can call. */
public enum Provider {
  /** AWS Bedrock Runtime, Converse API. */
  BEDROCK,
  /** Any OpenAI-compatible chat completions API (OpenAI, Azure OpenAI, vLLM, gateways). */
  OPENAI;

  /** The lower-case name used in configuration and endpoint ids. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Parses a configured provider name.
   *
   * @throws IllegalArgumentException naming the value and the known providers
   */
  public static Provider parse(String name) {
    for (Provider provider : values()) {
      if (provider.id().equalsIgnoreCase(name)) {
        return provider;
      }
    }
    throw new IllegalArgumentException(
        "unknown provider '"
            + name
            + "' (known: "
            + Arrays.stream(values()).map(Provider::id).toList()
            + ")");
  }
}
