package dev.ballast.bench.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * A figure sampled over a soak (seconds since the start, value), and its growth over the second
 * half: {@code (last - atHalf) / atHalf x 100}, where {@code atHalf} is the sample taken nearest to
 * half of the last sample's time. Not thread-safe.
 */
final class SoakSeries {

  private final List<Long> times = new ArrayList<>();
  private final List<Double> values = new ArrayList<>();

  /** Adds a sample; samples come in time order. */
  void add(long second, double value) {
    times.add(second);
    values.add(value);
  }

  /**
   * Growth over the second half in percent; NaN with fewer than two samples, a sample that is not a
   * number, or a zero value at half time.
   */
  double growthOverSecondHalfPct() {
    int n = values.size();
    if (n < 2) {
      return Double.NaN;
    }
    long half = times.get(n - 1) / 2;
    int mid = 0;
    for (int i = 0; i < n - 1; i++) {
      if (Math.abs(times.get(i) - half) < Math.abs(times.get(mid) - half)) {
        mid = i;
      }
    }
    double atHalf = values.get(mid);
    double last = values.get(n - 1);
    if (Double.isNaN(atHalf) || Double.isNaN(last) || atHalf == 0) {
      return Double.NaN;
    }
    return (last - atHalf) / atHalf * 100;
  }
}
