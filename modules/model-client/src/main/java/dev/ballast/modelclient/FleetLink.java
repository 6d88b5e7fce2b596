package dev.ballast.modelclient;

import java.time.Duration;

/**
 * The seam between an instance's endpoints and the other instances of its application (a fleet):
 * how the endpoints report what they see, and ask before each call whether the fleet lets it go.
 * Implemented outside model-client (the pipeline shares it over Kafka); model-client only calls it.
 *
 * <p>Implementations must be thread-safe and must not block: every method is called on the threads
 * that send calls and complete them.
 */
public interface FleetLink {

  /** What the fleet says of a call about to be sent. */
  enum Verdict {
    /** The fleet's breaker of the endpoint is closed: call as usual. */
    CALL,
    /**
     * The fleet's breaker is open and this call is the fleet's one probe of the current round: the
     * local breaker lets it through half-open, and its success closes the breaker everywhere.
     */
    PROBE,
    /** The fleet's breaker is open: do not call ({@code BREAKER_OPEN}, not sent). */
    REFUSE
  }

  /**
   * Hands over what the fleet may do to one endpoint of this instance; called once per endpoint
   * when the link is attached, before any call through it.
   */
  void attach(Endpoint endpoint, EndpointControl control);

  /**
   * Whether a call to {@code endpoint} now could be the fleet's probe or claim it: the fleet's
   * breaker is open and a probe round is due, or this instance holds the current round's probe.
   * Routing asks it so that an endpoint whose breaker is open still gets the call that may close
   * it. A query: changes nothing, never blocks.
   */
  boolean probeDue(Endpoint endpoint);

  /** Before each call to {@code endpoint} (never blocks; may publish a probe claim). */
  Verdict verdict(Endpoint endpoint);

  /**
   * This instance's breaker of {@code endpoint} moved to {@code to} at {@code atMs} (wall clock),
   * whether by its own calls or because the fleet forced it.
   */
  void breakerChanged(Endpoint endpoint, BreakerListener.State to, long atMs);

  /**
   * A call to {@code endpoint} was throttled (429, account quota, overload) at {@code atMs}, with
   * the provider's rate-limit hint or null.
   */
  void throttled(Endpoint endpoint, Duration retryAfter, long atMs);
}
