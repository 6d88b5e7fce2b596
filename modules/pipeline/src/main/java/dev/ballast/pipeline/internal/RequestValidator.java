package dev.ballast.pipeline.internal;

import dev.ballast.schemas.InferenceConfig;
import dev.ballast.schemas.InferenceRequest;
import dev.ballast.schemas.Message;
import dev.ballast.schemas.ReasonCode;
import dev.ballast.schemas.Role;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/** The rules a decoded request must meet before any model is called. Stateless and thread-safe. */
public final class RequestValidator {

  /** A broken rule: its reason code and a message naming the field. */
  public record Problem(ReasonCode code, String message) {}

  /** Largest response schema accepted, in characters: schemas are compiled and cached. */
  static final int MAX_SCHEMA_CHARS = 64 * 1024;

  private final Set<String> routes;
  private final Function<String, String> schemaProblem;
  private final int maxRequestBytes;

  /**
   * @param routes the configured route names
   * @param schemaProblem what is wrong with a JSON Schema, or null when it compiles
   * @param maxRequestBytes the largest encoded request every internal record can carry
   */
  public RequestValidator(
      Set<String> routes, Function<String, String> schemaProblem, int maxRequestBytes) {
    this.routes = Set.copyOf(routes);
    this.schemaProblem = schemaProblem;
    this.maxRequestBytes = maxRequestBytes;
  }

  /**
   * Checks {@code request}, {@code encodedBytes} long, read under record key {@code key} (may be
   * null).
   *
   * @return the first broken rule, or null when the request is valid
   */
  public Problem check(InferenceRequest request, String key, int encodedBytes) {
    String id = request.getId();
    if (id == null || id.isBlank()) {
      return invalid("id must not be blank");
    }
    if (encodedBytes > maxRequestBytes) {
      return new Problem(
          ReasonCode.REQUEST_TOO_LARGE,
          "the request is "
              + encodedBytes
              + " bytes; at most "
              + maxRequestBytes
              + " fit in Ballast's records (the producer's max.request.size less "
              + StreamsSettings.RECORD_RESERVE_BYTES
              + " bytes for state and reason headers)");
    }
    if (key != null
        && !key.isEmpty()
        && !key.equals(id)
        && !key.equals(request.getConversationId())) {
      return invalid(
          "record key '" + key + "' is neither the request id '" + id + "' nor its conversationId");
    }
    if (!routes.contains(request.getRoute())) {
      return new Problem(
          ReasonCode.UNKNOWN_ROUTE,
          "unknown route '" + request.getRoute() + "' (configured: " + new TreeSet<>(routes) + ")");
    }
    if (request.getMessages().isEmpty()) {
      return invalid("messages must not be empty");
    }
    for (int i = 0; i < request.getMessages().size(); i++) {
      Message m = request.getMessages().get(i);
      if (m.getContent() == null || m.getContent().isBlank()) {
        return invalid("messages[" + i + "].content must not be empty or blank");
      }
    }
    if (request.getMessages().get(0).getRole() != Role.USER) {
      return invalid(
          "messages[0] is an assistant turn; a conversation starts with a user turn (Bedrock"
              + " rejects any other; put earlier assistant text in the system prompt)");
    }
    if (request.getMessages().get(request.getMessages().size() - 1).getRole() != Role.USER) {
      return invalid("the last message must be the user's");
    }
    String schema = request.getResponseSchema();
    if (schema != null) {
      if (schema.length() > MAX_SCHEMA_CHARS) {
        return invalid(
            "responseSchema has "
                + schema.length()
                + " characters; at most "
                + MAX_SCHEMA_CHARS
                + " are accepted");
      }
      String problem = schemaProblem.apply(schema);
      if (problem != null) {
        return invalid(problem);
      }
    }
    InferenceConfig inference = request.getInference();
    if (inference != null) {
      if (inference.getMaxTokens() != null && inference.getMaxTokens() < 1) {
        return invalid("inference.maxTokens must be >= 1, was " + inference.getMaxTokens());
      }
      if (inference.getTemperature() != null
          && (inference.getTemperature() < 0 || inference.getTemperature() > 2)) {
        return invalid(
            "inference.temperature must be within [0, 2], was " + inference.getTemperature());
      }
      if (inference.getTopP() != null && (inference.getTopP() < 0 || inference.getTopP() > 1)) {
        return invalid("inference.topP must be within [0, 1], was " + inference.getTopP());
      }
    }
    return null;
  }

  private static Problem invalid(String message) {
    return new Problem(ReasonCode.INVALID_REQUEST, message);
  }
}
