package dev.ballast.modelclient;

/** A model provider Ballast can call. */
public enum Provider {
  /** AWS Bedrock Runtime, Converse API. */
  BEDROCK,
  /** Any OpenAI-compatible chat completions API (OpenAI, Azure OpenAI, vLLM, gateways). */
  OPENAI;

  // Once per constant: endpoint ids are built on every call's path.
  private final String id = ConfigWords.id(this);

  /** The lower-case name used in configuration and endpoint ids. */
  public String id() {
    return id;
  }

  /**
   * Parses a configured provider name.
   *
   * @throws IllegalArgumentException naming the value and the known providers
   */
  public static Provider parse(String name) {
    return ConfigWords.parse(Provider.class, name, "provider");
  }
}
