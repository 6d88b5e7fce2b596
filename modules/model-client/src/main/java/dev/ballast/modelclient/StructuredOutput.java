package dev.ballast.modelclient;

/**
 * How a request's JSON Schema is put to a Bedrock model. OpenAI-compatible endpoints always get
 * {@code response_format: json_schema} and ignore this.
 */
public enum StructuredOutput {
  /**
   * A forced tool whose input schema is the request's schema ({@code toolConfig} with {@code
   * toolChoice.tool}); the tool's input is the answer. Every Converse model with tool use takes it:
   * the portable default.
   */
  TOOL,
  /**
   * Bedrock's native structured output: {@code outputConfig.textFormat = {type: json_schema,
   * structure: {jsonSchema: {schema, name}}}}, decoding constrained to the schema; the answer is
   * the text. Only models that offer it (AWS Bedrock User Guide, "Structured outputs", 2026);
   * others answer {@code ValidationException}. A new schema is compiled on first use (up to
   * minutes), then cached by Bedrock.
   */
  NATIVE;

  /** The lower-case name used in configuration, e.g. {@code native}. */
  public String id() {
    return ConfigWords.id(this);
  }

  /**
   * Parses a configured value, ignoring case.
   *
   * @throws IllegalArgumentException naming the value and the accepted ones
   */
  public static StructuredOutput parse(String value) {
    return ConfigWords.parse(StructuredOutput.class, value, "structured output mode");
  }
}
