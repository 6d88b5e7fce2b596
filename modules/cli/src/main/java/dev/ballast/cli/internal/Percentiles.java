package dev.ballast.cli.internal;

import java.util.Arrays;

/** Percentiles of a set of values (nearest rank). Not thread-safe. */
public final class Percentiles {

  private long[] values = new long[1024];
  private int size;

  public void add(long value) {
    if (size == values.length) {
      values = Arrays.copyOf(values, size * 2);
    }
    values[size++] = value;
  }

  public int size() {
    return size;
  }

  /** The {@code p}-th percentile, 0 &lt; p &lt;= 100; 0 when empty. */
  public long percentile(double p) {
    if (size == 0) {
      return 0;
    }
    long[] sorted = Arrays.copyOf(values, size);
    Arrays.sort(sorted);
    int rank = (int) Math.ceil(p / 100.0 * size);
    return sorted[Math.max(0, Math.min(size - 1, rank - 1))];
  }
}
