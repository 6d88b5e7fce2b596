package dev.ballast.modelclient;

import dev.ballast.schemas.ReasonCode;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An endpoint's cool-down: a throttle with a rate-limit hint (Retry-After and its siblings) says
 * the provider wants no call before the hinted time, for the account; until then calls are refused
 * without touching the network ({@code COOLING_DOWN}, a throttle with the time left as its hint).
 *
 * <p>This class is thread-safe.
 */
final class Cooldown {

  private static final Logger log = LoggerFactory.getLogger(Cooldown.class);

  private final Endpoint endpoint;
  private final Clock clock;
  private final AtomicLong untilMs = new AtomicLong();

  Cooldown(Endpoint endpoint, Clock clock) {
    this.endpoint = endpoint;
    this.clock = clock;
  }

  /** Starts or extends the cool-down when {@code f} is a throttle with a hint. */
  void observe(Failure f) {
    if (f.failureClass() == FailureClass.THROTTLED && f.retryAfter() != null) {
      long until = clock.millis() + f.retryAfter().toMillis();
      if (untilMs.getAndAccumulate(until, Math::max) < until) {
        log.info("{} asked to wait {} ms; cooling down", endpoint, f.retryAfter().toMillis());
      }
    }
  }

  /** Cools down until {@code untilMs} (wall clock) at least: another instance was asked to wait. */
  void extendTo(long until) {
    if (untilMs.getAndAccumulate(until, Math::max) < until && until > clock.millis()) {
      log.info("{} asked another instance to wait until {}; cooling down", endpoint, until);
    }
  }

  /** The failure of a call refused now, or null when the endpoint may be called. */
  Failure refusal() {
    long left = untilMs.get() - clock.millis();
    if (left <= 0) {
      return null;
    }
    return new Failure(
        FailureClass.THROTTLED,
        ReasonCode.COOLING_DOWN,
        "the endpoint asked to wait " + left + " ms more; not called",
        "CoolingDown",
        0,
        Duration.ofMillis(left));
  }
}
