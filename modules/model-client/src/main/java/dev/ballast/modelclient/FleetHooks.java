package dev.ballast.modelclient;

import dev.ballast.schemas.ReasonCode;
import dev.failsafe.CircuitBreaker;
import dev.failsafe.CircuitBreakerOpenException;
import java.time.Clock;
import java.time.Duration;

/**
 * One endpoint's side of a {@link FleetLink}: asks the link before each call, forces the local
 * breaker half-open for the fleet's probe and closed after its success, reports breaker changes and
 * throttles, and is the {@link EndpointControl} the link acts through. Without a link every call
 * goes as usual.
 *
 * <p>This class is thread-safe.
 */
final class FleetHooks implements EndpointControl {

  /** A call the fleet's open breaker refused; not sent. */
  static final Failure REFUSED =
      Failure.local(
          FailureClass.UNAVAILABLE,
          ReasonCode.BREAKER_OPEN,
          "CircuitBreakerOpen",
          "the endpoint's circuit breaker is open in the fleet; not called");

  private final Endpoint endpoint;
  private final Cooldown cooldown;
  private final Admission admission;
  private final Clock clock;
  private volatile CircuitBreaker<ModelResponse> breaker;
  private volatile FleetLink link;

  FleetHooks(Endpoint endpoint, Cooldown cooldown, Admission admission, Clock clock) {
    this.endpoint = endpoint;
    this.cooldown = cooldown;
    this.admission = admission;
    this.clock = clock;
  }

  /**
   * {@code listener}, then the link: what the breaker reports its changes to. When the breaker
   * opens (here, or forced by the fleet), the calls waiting for admission fail as refused by it
   * ({@link Admission#refuseWaiting}): they passed the breaker before it opened and would otherwise
   * be sent while it is open.
   */
  BreakerListener around(BreakerListener listener) {
    return (e, from, to, atMs) -> {
      if (to == BreakerListener.State.OPEN && admission != null) {
        admission.refuseWaiting(() -> new CircuitBreakerOpenException(breaker));
      }
      listener.onStateChange(e, from, to, atMs);
      FleetLink l = link;
      if (l != null) {
        l.breakerChanged(endpoint, to, atMs);
      }
    };
  }

  /** The breaker this endpoint calls through; set once, before any call. */
  void use(CircuitBreaker<ModelResponse> b) {
    this.breaker = b;
  }

  /** Attaches {@code l}: from now on every call asks it first. */
  void link(FleetLink l) {
    l.attach(endpoint, this);
    this.link = l;
  }

  /** The fleet's verdict on a call about to be sent; a probe finds the local breaker half-open. */
  FleetLink.Verdict verdict() {
    FleetLink l = link;
    if (l == null) {
      return FleetLink.Verdict.CALL;
    }
    FleetLink.Verdict v = l.verdict(endpoint);
    if (v == FleetLink.Verdict.PROBE) {
      breaker.halfOpen();
    }
    return v;
  }

  /**
   * Whether the breaker refuses a call now: without a fleet, while it is open and its delay has not
   * passed (after it, Failsafe lets the next call through as a probe); with one, while it is open
   * and the fleet's probe round is neither due nor held here ({@link FleetLink#probeDue}).
   */
  boolean refusing() {
    FleetLink l = link;
    return l == null
        ? EndpointBreakers.refusing(breaker)
        : breaker.isOpen() && !l.probeDue(endpoint);
  }

  /**
   * The fleet's probe ended: a success closes the local breaker (and so, reported, the fleet's).
   */
  void probeEnded(boolean succeeded) {
    if (succeeded) {
      breaker.close();
    }
  }

  /** A call failed with {@code f}: a throttle is told to the fleet. */
  void observe(Failure f) {
    FleetLink l = link;
    if (l != null && f.failureClass() == FailureClass.THROTTLED) {
      l.throttled(endpoint, f.retryAfter(), clock.millis());
    }
  }

  @Override
  public BreakerListener.State breakerState() {
    return EndpointBreakers.state(breaker);
  }

  @Override
  public void forceBreaker(BreakerListener.State state) {
    switch (state) {
      case OPEN -> breaker.open();
      case CLOSED -> breaker.close();
      case HALF_OPEN -> breaker.halfOpen();
    }
  }

  @Override
  public void throttledElsewhere(Duration retryAfter, long atMs) {
    if (admission != null) {
      admission.throttledElsewhere();
    }
    if (retryAfter != null && !retryAfter.isNegative()) {
      cooldown.extendTo(atMs + retryAfter.toMillis());
    }
  }

  @Override
  public void shareQuota(double share) {
    if (!(share > 0 && share <= 1)) {
      throw new IllegalArgumentException("quota share must be within (0, 1], was " + share);
    }
    if (admission != null) {
      admission.share(share);
    }
  }

  @Override
  public void assumeUsed(double[] perSecond) {
    if (admission != null) {
      admission.assumeUsed(perSecond);
    }
  }

  @Override
  public double[] usedPerSecond() {
    return admission == null ? new double[0] : admission.usedPerSecond();
  }
}
