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

  private Requests() {}

  /** The model call for {@code request} as attempt {@code attempt}. */
  public static ModelRequest toModelRequest(InferenceRequest request, int attempt) {
    List<Turn> turns = new ArrayList<>(request.getMessages().size());
    for (Message m : request.getMessages()) {
      turns.add(
          new Turn(
              m.getRole() == Role.ASSISTANT ? Turn.Role.ASSISTANT : Turn.Role.USER,
              m.getContent()));
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
