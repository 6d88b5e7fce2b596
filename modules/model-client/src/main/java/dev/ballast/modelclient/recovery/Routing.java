package dev.ballast.modelclient.recovery;

/**
 * Why a request was served by an endpoint other than the first of its route's chain: the code that
 * starts the {@code routing} text of its state and result ({@code RequestState.avsc}, {@code
 * ServedBy.avsc}), e.g. {@code "ROOM: THROTTLED on the primary; endpoint 1 of the chain had room"}.
 * A request served by the primary in order carries none.
 */
public enum Routing {
  /** The endpoint before it failed, and the recovery table sends such failures down the chain. */
  FALLBACK,
  /** The endpoint before it throttled, and this one had room at once: not parked. */
  ROOM,
  /** The endpoints before it could not take a call at once (cooling down, breaker open, full). */
  SKIPPED,
  /** The endpoint before it is in trouble on a share of its recent calls; part of its traffic. */
  SHARE;

  /** The routing text: this code, a colon and {@code detail}. */
  public String because(String detail) {
    return name() + ": " + detail;
  }

  /** How the routing text names the endpoint at {@code chainIndex}. */
  public static String position(int chainIndex) {
    return chainIndex == 0 ? "the primary" : "endpoint " + chainIndex + " of the chain";
  }
}
