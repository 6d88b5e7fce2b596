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

  /**
   * The 1-based attempt number: the one the client sent when it is a positive integer, else {@code
   * seen}, the simulator's own count of calls carrying the request id.
   */
  int attemptNumber(long seen) {
    if (attempt != null) {
      try {
        int n = Integer.parseInt(attempt.trim());
        if (n >= 1) {
          return n;
        }
      } catch (NumberFormatException e) {
        // fall back to the simulator's own count
      }
    }
    return (int) Math.min(Integer.MAX_VALUE, seen);
  }

  @Override
  public String toString() {
    return "ParsedCall[" + modelId + ", request " + requestId + ", attempt " + attempt + "]";
  }
}
