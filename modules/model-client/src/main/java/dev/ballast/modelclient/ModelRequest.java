package dev.ballast.modelclient;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One call to a model, provider-neutral.
 *
 * @param requestId the Ballast request id; sent to the provider as request metadata so its logs and
 *     a simulator's deterministic faults can be keyed by it
 * @param attempt 1-based attempt number of this call for the request
 * @param system system prompt, or null
 * @param turns the conversation, oldest first
 * @param maxTokens output token limit, or null for the model's default
 * @param temperature sampling temperature, or null
 * @param topP nucleus sampling, or null
 * @param stopSequences stop sequences, possibly empty
 * @param responseSchema JSON Schema (JSON text) the answer must satisfy, or null for free text
 * @param serviceTier the provider capacity tier to ask for, or null to name none (the provider's
 *     default)
 * @param structuredOutput how a Bedrock model is asked for {@code responseSchema}; null means
 *     {@link StructuredOutput#TOOL}
 */
public record ModelRequest(
    String requestId,
    int attempt,
    String system,
    List<Turn> turns,
    Integer maxTokens,
    Float temperature,
    Float topP,
    List<String> stopSequences,
    String responseSchema,
    ServiceTier serviceTier,
    StructuredOutput structuredOutput) {

  /** Request metadata key carrying the Ballast request id. */
  public static final String REQUEST_ID_KEY = "ballast-request-id";

  /** Request metadata key carrying the attempt number. */
  public static final String ATTEMPT_KEY = "ballast-attempt";

  public ModelRequest {
    Objects.requireNonNull(requestId, "requestId");
    if (attempt < 1) {
      throw new IllegalArgumentException("attempt must be >= 1, was " + attempt);
    }
    turns = List.copyOf(turns);
    if (turns.isEmpty()) {
      throw new IllegalArgumentException("a model request needs at least one turn");
    }
    stopSequences = stopSequences == null ? List.of() : List.copyOf(stopSequences);
    structuredOutput = structuredOutput == null ? StructuredOutput.TOOL : structuredOutput;
  }

  /** A request that names no service tier. */
  public ModelRequest(
      String requestId,
      int attempt,
      String system,
      List<Turn> turns,
      Integer maxTokens,
      Float temperature,
      Float topP,
      List<String> stopSequences,
      String responseSchema) {
    this(
        requestId,
        attempt,
        system,
        turns,
        maxTokens,
        temperature,
        topP,
        stopSequences,
        responseSchema,
        null,
        null);
  }

  /** A plain text request of one user turn; for tests and tools. */
  public static ModelRequest of(String requestId, String userText) {
    return new ModelRequest(
        requestId, 1, null, List.of(Turn.user(userText)), null, null, null, List.of(), null);
  }

  /** The same request asking for at most {@code tokens} output tokens. */
  public ModelRequest withMaxTokens(int tokens) {
    return new ModelRequest(
        requestId,
        attempt,
        system,
        turns,
        tokens,
        temperature,
        topP,
        stopSequences,
        responseSchema,
        serviceTier,
        structuredOutput);
  }

  /** The same request as attempt {@code n}. */
  public ModelRequest withAttempt(int n) {
    return new ModelRequest(
        requestId,
        n,
        system,
        turns,
        maxTokens,
        temperature,
        topP,
        stopSequences,
        responseSchema,
        serviceTier,
        structuredOutput);
  }

  /** The same request asking for {@code tier} (null: none). */
  public ModelRequest withServiceTier(ServiceTier tier) {
    return new ModelRequest(
        requestId,
        attempt,
        system,
        turns,
        maxTokens,
        temperature,
        topP,
        stopSequences,
        responseSchema,
        tier,
        structuredOutput);
  }

  /** The same request asking for its schema the way {@code mode} says (null: a forced tool). */
  public ModelRequest withStructuredOutput(StructuredOutput mode) {
    return new ModelRequest(
        requestId,
        attempt,
        system,
        turns,
        maxTokens,
        temperature,
        topP,
        stopSequences,
        responseSchema,
        serviceTier,
        mode);
  }

  /** Metadata sent along with the call. */
  public Map<String, String> metadata() {
    return Map.of(REQUEST_ID_KEY, requestId, ATTEMPT_KEY, Integer.toString(attempt));
  }

  @Override
  public String toString() {
    // Prompt text stays out of logs.
    return "ModelRequest[" + requestId + " attempt " + attempt + ", " + turns.size() + " turns]";
  }
}
