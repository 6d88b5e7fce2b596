package dev.ballast.simulator;

import java.util.random.RandomGenerator;

/**
 * A distribution of non-negative numbers: latencies in milliseconds, or lengths in tokens.
 *
 * <p>Implementations are immutable and thread-safe; the random source passed to {@link
 * #sample(RandomGenerator)} belongs to the caller.
 */
public sealed interface Distribution
    permits Distribution.Fixed, Distribution.Uniform, Distribution.LogNormal {

  /** The z-score of the 99th percentile of the standard normal distribution. */
  double Z_99 = 2.3263478740408408;

  /** Draws one value, never negative. */
  double sample(RandomGenerator random);

  /** Always {@code value}. */
  static Distribution fixed(double value) {
    return new Fixed(value);
  }

  /** Uniform between {@code min} and {@code max}, both included. */
  static Distribution uniform(double min, double max) {
    return new Uniform(min, max);
  }

  /** Log-normal with the given median and 99th percentile. */
  static Distribution lognormal(double median, double p99) {
    return new LogNormal(median, p99);
  }

  /** A constant. */
  record Fixed(double value) implements Distribution {
    public Fixed {
      requireNonNegative(value, "value");
    }

    @Override
    public double sample(RandomGenerator random) {
      return value;
    }
  }

  /** Uniform between {@code min} and {@code max}. */
  record Uniform(double min, double max) implements Distribution {
    public Uniform {
      requireNonNegative(min, "min");
      if (max < min) {
        throw new IllegalArgumentException("max (" + max + ") must be >= min (" + min + ")");
      }
    }

    @Override
    public double sample(RandomGenerator random) {
      return min + random.nextDouble() * (max - min);
    }
  }

  /** Log-normal, given by its median and 99th percentile: heavy-tailed like real model latency. */
  record LogNormal(double median, double p99) implements Distribution {
    public LogNormal {
      if (!(median > 0)) {
        throw new IllegalArgumentException("median must be > 0, was " + median);
      }
      if (p99 < median) {
        throw new IllegalArgumentException("p99 (" + p99 + ") must be >= median (" + median + ")");
      }
    }

    @Override
    public double sample(RandomGenerator random) {
      double sigma = (Math.log(p99) - Math.log(median)) / Z_99;
      return Math.exp(Math.log(median) + sigma * random.nextGaussian());
    }
  }

  private static void requireNonNegative(double value, String name) {
    if (!(value >= 0) || Double.isInfinite(value)) {
      throw new IllegalArgumentException(name + " must be a finite number >= 0, was " + value);
    }
  }
}
