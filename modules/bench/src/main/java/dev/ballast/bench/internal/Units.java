package dev.ballast.bench.internal;

/** Rounding and unit conversions for reported figures. */
public final class Units {

  private Units() {}

  /** Nanoseconds as milliseconds rounded to 0.01 ms. */
  public static double ms(long nanos) {
    return round(nanos / 1_000_000.0, 2);
  }

  /** Bytes as MiB rounded to 0.1. */
  public static double mb(long bytes) {
    return round(bytes / (1024.0 * 1024.0), 1);
  }

  /** {@code value} rounded to {@code decimals} places; NaN and infinities are kept. */
  public static double round(double value, int decimals) {
    if (Double.isNaN(value) || Double.isInfinite(value)) {
      return value;
    }
    double scale = Math.pow(10, decimals);
    return Math.round(value * scale) / scale;
  }
}
