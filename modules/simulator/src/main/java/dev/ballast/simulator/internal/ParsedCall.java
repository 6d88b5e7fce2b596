package dev.ballast.simulator.internal;

/**
 * A model call read from the wire, before evaluation.
 *
 * <p>Immutable.
 *
 * @param modelId the model id as sent
 * @param prompt the input that counts as tokens (never logged)
 * @param maxTokens requested output limit, or null
 * @param structured the structured answer requested, or null
 * @param requestId the Ballast request id, or null
 * @param attempt the attempt number as sent (text), or null
 * @param contentHash hash of the request content
 * @param serviceTier the service tier sent ({@code serviceTier.type}, OpenAI {@code service_tier}),
 *     or null
 * @param conversationProblem Bedrock's message for the conversation's shape problem (roles that do
 *     not alternate, an assistant turn first, a blank text block), or null when the shape is fine
 */
record ParsedCall(
    String modelId,
    Prompt prompt,
    Integer maxTokens,
    StructuredOutput structured,
    String requestId,
    String attempt,
    long contentHash,
    String serviceTier,
    String conversationProblem) {

  @Override
  public String toString() {
    return "ParsedCall[" + modelId + ", request " + requestId + ", attempt " + attempt + "]";
  }
}
