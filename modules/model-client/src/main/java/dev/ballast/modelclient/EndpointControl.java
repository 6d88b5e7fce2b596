package dev.ballast.modelclient;

import java.time.Duration;

/**
 * What a {@link FleetLink} may do to one endpoint of this instance: force its circuit breaker to
 * the fleet's state, apply a throttle another instance saw, and scale its per-minute budgets to the
 * instance's share of the account's quota.
 *
 * <p>Thread-safe; no method blocks. Call these without holding locks a breaker listener takes.
 */
public interface EndpointControl {

  /** The local breaker's state now. */
  BreakerListener.State breakerState();

  /**
   * Forces the local breaker to {@code state} ({@link BreakerListener.State#OPEN} or {@link
   * BreakerListener.State#CLOSED}); a no-op when it is there already. The change is reported to the
   * breaker listeners and the link like any other.
   */
  void forceBreaker(BreakerListener.State state);

  /**
   * Another instance was throttled by this endpoint at {@code atMs}: the admission lowers its
   * concurrency as after a local 429 (at most once a second), and a hint ({@code retryAfter}, may
   * be null) cools the endpoint down until {@code atMs + retryAfter}.
   */
  void throttledElsewhere(Duration retryAfter, long atMs);

  /**
   * Scales the endpoint's requests- and tokens-per-minute budgets to {@code share} (in (0, 1]) of
   * the configured ones: this instance's part of the account's quota. No-op without admission.
   *
   * @throws IllegalArgumentException when {@code share} is outside (0, 1]
   */
  void shareQuota(double share);

  /**
   * The fleet used {@code perSecond} (fractions of the endpoint's per-minute budgets, newest second
   * first) over the last minute, as another instance reports it ({@link #usedPerSecond}): the
   * admission assumes it, each second's use ageing out a minute after it, unless it counts more
   * already; so an instance that joins starts at the rate the provider's minute frees instead of a
   * burst. No-op without admission.
   */
  void assumeUsed(double[] perSecond);

  /**
   * The fleet's use of the endpoint's per-minute budgets in each of the last 60 seconds, newest
   * first, as this instance estimates it (its own calls, each counted as its share's inverse, and
   * what it assumed when it joined); empty without admission.
   */
  double[] usedPerSecond();
}
