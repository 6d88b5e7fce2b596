package dev.ballast.simulator.internal;

/**
 * One model call as the simulator sees it, provider-neutral. Holds prompt text only for rules that
 * read it, and never prints it.
 *
 * <p>Immutable.
 *
 * @param api the wire format
 * @param region the region that received it
 * @param modelId the model id as sent
 * @param requestId the Ballast request id, or null
 * @param attempt 1-based attempt number (sent, or counted by the simulator)
 * @param sequence the simulator's global call number, seeds calls without a request id
 * @param inputTokens counted input tokens
 * @param maxTokens requested output limit, or null for the model's default
 * @param structured the structured answer requested, or null for text
 * @param contentHash hash of the request content, seeds the answer when there is no request id
 * @param serviceTier the service tier sent, or null
 * @param conversationProblem Bedrock's message for a conversation shape problem, or null
 * @param promptText the prompt's text, only when a fault rule reads it, else null (never logged)
 */
record Call(
    Api api,
    String region,
    String modelId,
    String requestId,
    int attempt,
    long sequence,
    int inputTokens,
    Integer maxTokens,
    StructuredOutput structured,
    long contentHash,
    String serviceTier,
    String conversationProblem,
    String promptText) {

  @Override
  public String toString() {
    return "Call[" + api + ", " + region + ", " + modelId + ", request " + requestId + "]";
  }

  /** The key that seeds per-call random choices. */
  String randomKey() {
    return requestId != null ? "id:" + requestId : "seq:" + sequence;
  }

  /** The key that seeds the answer content: stable across attempts of one request. */
  String contentKey() {
    return requestId != null ? "id:" + requestId : "content:" + contentHash;
  }
}
