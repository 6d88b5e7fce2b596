package dev.ballast.modelclient.exchange;

import dev.ballast.modelclient.ModelRequest;
import dev.ballast.modelclient.Turn;
import dev.ballast.schemas.InferenceConfig;
import dev.ballast.schemas.InferenceRequest;
import dev.ballast.schemas.Message;
import dev.ballast.schemas.Role;
import java.util.ArrayList;
import java.util.List;

/** Maps wire requests ({@code schemas/InferenceRequest.avsc}) to model calls. Stateless. */
public final class WireRequests {

  private WireRequests() {}

  /**
   * The model call for {@code request} as attempt {@code attempt}, as the client sent it, in the
   * shape every provider accepts: consecutive turns of one role are joined into one (separated by a
   * blank line). Intake has rejected the shapes that cannot be fixed this way (a blank turn, an
   * assistant turn first or last).
   */
  public static ModelRequest toModelRequest(InferenceRequest request, int attempt) {
    List<Turn> turns = new ArrayList<>(request.getMessages().size());
    for (Message m : request.getMessages()) {
      Turn.Role role = m.getRole() == Role.ASSISTANT ? Turn.Role.ASSISTANT : Turn.Role.USER;
      int last = turns.size() - 1;
      if (last >= 0 && turns.get(last).role() == role) {
        // Bedrock rejects two turns of one role in a row; one turn with both texts says the same.
        turns.set(last, new Turn(role, turns.get(last).text() + "\n\n" + m.getContent()));
      } else {
        turns.add(new Turn(role, m.getContent()));
      }
    }
    InferenceConfig inference = request.getInference();
    return new ModelRequest(
        request.getId(),
        attempt,
        request.getSystem(),
        turns,
        inference == null ? null : inference.getMaxTokens(),
        inference == null ? null : inference.getTemperature(),
        inference == null ? null : inference.getTopP(),
        inference == null ? List.of() : inference.getStopSequences(),
        request.getResponseSchema());
  }
}
