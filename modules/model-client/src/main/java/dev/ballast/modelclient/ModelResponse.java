package dev.ballast.modelclient;

import java.time.Duration;
import java.util.Objects;

/**
 * A model's answer.
 *
 * @param endpoint the endpoint that answered
 * @param text the answer text; empty when the answer is structured only
 * @param json the structured answer (JSON text) when the request carried a schema, else null
 * @param stopReason why the model stopped, as the provider says it (e.g. {@code end_turn})
 * @param inputTokens input tokens as reported by the provider
 * @param outputTokens output tokens as reported by the provider
 * @param latency time from sending the call to receiving the answer, as measured by the client
 * @param providerRequestId the provider's id of the call, for support cases; may be null
 * @param serviceTier the service tier that served the call as the provider reported it (Converse
 *     {@code serviceTier.type}, OpenAI {@code service_tier}), else the one the call asked for; null
 *     when neither named one
 */
public record ModelResponse(
    Endpoint endpoint,
    String text,
    String json,
    String stopReason,
    int inputTokens,
    int outputTokens,
    Duration latency,
    String providerRequestId,
    String serviceTier) {

  public ModelResponse {
    Objects.requireNonNull(endpoint, "endpoint");
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(latency, "latency");
  }

  /** An answer that names no service tier. */
  public ModelResponse(
      Endpoint endpoint,
      String text,
      String json,
      String stopReason,
      int inputTokens,
      int outputTokens,
      Duration latency,
      String providerRequestId) {
    this(
        endpoint,
        text,
        json,
        stopReason,
        inputTokens,
        outputTokens,
        latency,
        providerRequestId,
        null);
  }

  @Override
  public String toString() {
    return "ModelResponse["
        + endpoint
        + ", "
        + stopReason
        + ", in="
        + inputTokens
        + ", out="
        + outputTokens
        + ", "
        + latency.toMillis()
        + " ms]";
  }
}
