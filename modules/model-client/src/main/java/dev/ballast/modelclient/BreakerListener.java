package dev.ballast.modelclient;

/** Told about every circuit breaker state change; called on whichever thread caused it. */
@FunctionalInterface
public interface BreakerListener {

  /** States of a breaker. */
  enum State {
    CLOSED,
    OPEN,
    HALF_OPEN
  }

  void onStateChange(Endpoint endpoint, State from, State to, long atMillis);

  BreakerListener NONE = (e, from, to, at) -> {};
}
