package dev.ballast.modelclient.gateway;

import dev.ballast.modelclient.recovery.Standing;
import dev.ballast.schemas.Attempt;
import dev.ballast.schemas.InferenceRequest;
import dev.ballast.schemas.RequestState;
import java.util.LinkedHashMap;
import java.util.Map;

/** A request's {@link Standing} read from its wire state ({@code RequestState.avsc}). Stateless. */
final class Standings {

  private Standings() {}

  /**
   * Where the request stands for the recovery plan, on a chain of {@code chainLength} whose first
   * endpoint with room after the request's is {@code roomAt} (-1 for none).
   */
  static Standing of(InferenceRequest request, RequestState state, int chainLength, int roomAt) {
    return new Standing(
        state.getModelCalls(),
        state.getThrottles(),
        state.getShrinks(),
        state.getChainIndex(),
        chainLength,
        request.getDeadline() == null ? null : request.getDeadline().toEpochMilli(),
        () -> history(state),
        roomAt);
  }

  /** Each endpoint's last outcome and the last error, for a message when all of them failed. */
  private static String history(RequestState state) {
    StringBuilder b = new StringBuilder();
    Map<String, String> lastByEndpoint = new LinkedHashMap<>();
    for (Attempt a : state.getAttempts()) {
      lastByEndpoint.put(
          a.getEndpoint(),
          a.getOutcome() + (a.getErrorCode() == null ? "" : " (" + a.getErrorCode() + ")"));
    }
    lastByEndpoint.forEach((e, o) -> b.append(' ').append(e).append(": ").append(o).append(';'));
    if (state.getLastError() != null) {
      b.append(" last error: ").append(state.getLastError().getMessage());
    }
    return b.toString();
  }
}
