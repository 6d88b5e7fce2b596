package dev.ballast.bench.internal;

import java.util.Arrays;

/**
 * Percentiles of a set of values by nearest rank: the p-th percentile of n values is the value at
 * rank ceil(p/100 * n) in ascending order. Thread-safe: {@link #add} and the readers synchronize.
 */
public final class Percentiles {

  private long[] values = new long[1024];
  private int size;

  public synchronized void add(long value) {
    if (size == values.length) {
      values = Arrays.copyOf(values, size * 2);
    }
    values[size++] = value;
  }

  /** Adds every value of {@code other}. */
  public void addAll(Percentiles other) {
    long[] copy;
    int n;
    synchronized (other) {
      copy = Arrays.copyOf(other.values, other.size);
      n = other.size;
    }
    for (int i = 0; i < n; i++) {
      add(copy[i]);
    }
  }

  public synchronized int size() {
    return size;
  }

  /**
   * The {@code p}-th percentile.
   *
   * @param p in (0, 100]
   * @return the value at the nearest rank; 0 when there are no values
   * @throws IllegalArgumentException when {@code p} is outside (0, 100]
   */
  public synchronized long percentile(double p) {
    if (!(p > 0 && p <= 100)) {
      throw new IllegalArgumentException("percentile must be in (0, 100], was " + p);
    }
    if (size == 0) {
      return 0;
    }
    long[] sorted = Arrays.copyOf(values, size);
    Arrays.sort(sorted);
    int rank = (int) Math.ceil(p / 100.0 * size);
    return sorted[Math.max(0, Math.min(size - 1, rank - 1))];
  }

  /** The arithmetic mean; 0 when there are no values. */
  public synchronized double mean() {
    if (size == 0) {
      return 0;
    }
    double sum = 0;
    for (int i = 0; i < size; i++) {
      sum += values[i];
    }
    return sum / size;
  }

  /** The largest value; 0 when there are no values. */
  public synchronized long max() {
    long max = 0;
    for (int i = 0; i < size; i++) {
      max = Math.max(max, values[i]);
    }
    return max;
  }
}
