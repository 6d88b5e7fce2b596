package dev.ballast.modelclient;

import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Exponential backoff with full jitter: the delay before retry {@code n} is uniform in {@code [0,
 * min(cap, base * 2^(n-1))]}. Spreads retries of many clients evenly instead of in waves. The one
 * place Ballast computes retry delays, for in-process retries and delay topics alike.
 *
 * @param base the ceiling of the first delay
 * @param cap the largest ceiling
 */
public record Backoff(Duration base, Duration cap) {

  public Backoff {
    Objects.requireNonNull(base, "base");
    Objects.requireNonNull(cap, "cap");
    if (base.isNegative() || base.isZero()) {
      throw new IllegalArgumentException("backoff base must be positive, was " + base);
    }
    if (cap.compareTo(base) < 0) {
      throw new IllegalArgumentException("backoff cap " + cap + " is below its base " + base);
    }
  }

  /** The ceiling of retry {@code n} (1-based): {@code min(cap, base * 2^(n-1))}. */
  public Duration ceiling(int n) {
    if (n < 1) {
      throw new IllegalArgumentException("retry number must be >= 1, was " + n);
    }
    long baseMs = base.toMillis();
    long capMs = cap.toMillis();
    int shift = Math.min(n - 1, 30);
    long ceiling = baseMs > (capMs >> shift) ? capMs : Math.min(capMs, baseMs << shift);
    return Duration.ofMillis(ceiling);
  }

  /** The delay before retry {@code n}, drawn from {@code random}. */
  public Duration delay(int n, RandomGenerator random) {
    long ceiling = ceiling(n).toMillis();
    return Duration.ofMillis(ceiling == 0 ? 0 : random.nextLong(ceiling + 1));
  }

  /**
   * As {@link #delay(int, RandomGenerator)}, never shorter than the provider's {@code retryAfter}.
   */
  public Duration delay(int n, RandomGenerator random, Duration retryAfter) {
    Duration d = delay(n, random);
    return retryAfter != null && retryAfter.compareTo(d) > 0 ? retryAfter : d;
  }
}
