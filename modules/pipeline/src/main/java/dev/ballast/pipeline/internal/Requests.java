package dev.ballast.pipeline.internal;

import dev.ballast.modelclient.ModelRequest;
import dev.ballast.modelclient.Turn;
import dev.ballast.schemas.InferenceConfig;
import dev.ballast.schemas.InferenceRequest;
import dev.ballast.schemas.Message;
import dev.ballast.schemas.Role;
import java.util.ArrayList;
import java.util.List;

/** Maps wire requests to provider-neutral model calls. Stateless. */
public final class Requests {

  /** Output tokens asked for after a timeout when the request set no limit. */
  static final int SHORTENED_MAX_TOKENS = 512;

  private Requests() {}

  /** The model call for {@code request} as attempt {@code attempt}. */
  public static ModelRequest toModelRequest(InferenceRequest request, int attempt) {
    return toModelRequest(request, attempt, 0);
  }

  /**
   * The model call for {@code request} as attempt {@code attempt}, shortened {@code shrinks} times:
   * each shrink keeps only the newer half of the conversation (always starting with a user turn and
   * ending with the last one) and halves the output token limit.
   */
  public static ModelRequest toModelRequest(InferenceRequest request, int attempt, int shrinks) {
    List<Turn> turns = turns(request);
    InferenceConfig inference = request.getInference();
    Integer maxTokens = inference == null ? null : inference.getMaxTokens();
    for (int i = 0; i < shrinks; i++) {
      turns = newerHalf(turns);
      maxTokens = Math.max(16, (maxTokens == null ? SHORTENED_MAX_TOKENS * 2 : maxTokens) / 2);
    }
    return new ModelRequest(
        request.getId(),
        attempt,
        request.getSystem(),
        turns,
        maxTokens,
        inference == null ? null : inference.getTemperature(),
        inference == null ? null : inference.getTopP(),
        inference == null ? List.of() : inference.getStopSequences(),
        request.getResponseSchema());
  }

  /** The conversation as model turns. */
  public static List<Turn> turns(InferenceRequest request) {
    List<Turn> turns = new ArrayList<>(request.getMessages().size());
    for (Message m : request.getMessages()) {
      Turn.Role role = m.getRole() == Role.ASSISTANT ? Turn.Role.ASSISTANT : Turn.Role.USER;
      turns.add(new Turn(role, m.getContent()));
    }
    return turns;
  }

  /** The newer half of a conversation, starting with a user turn. */
  static List<Turn> newerHalf(List<Turn> turns) {
    int from = turns.size() / 2;
    while (from < turns.size() - 1 && turns.get(from).role() != Turn.Role.USER) {
      from++;
    }
    return List.copyOf(turns.subList(from, turns.size()));
  }
}
