package dev.ballast.modelclient.context.internal;

import dev.ballast.modelclient.ModelRequest;
import dev.ballast.modelclient.Turn;
import java.util.List;

/** Copies of requests with other turns. Thread-safe (stateless). */
public final class Requests {

  private Requests() {}

  /** The same request with other turns; every other field is kept. */
  public static ModelRequest withTurns(ModelRequest request, List<Turn> turns) {
    return new ModelRequest(
        request.requestId(),
        request.attempt(),
        request.system(),
        turns,
        request.maxTokens(),
        request.temperature(),
        request.topP(),
        request.stopSequences(),
        request.responseSchema());
  }
}
