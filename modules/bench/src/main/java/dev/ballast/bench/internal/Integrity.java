package dev.ballast.bench.internal;

import java.util.Map;

/**
 * Whether a scenario's results were exactly once: every request it sent has a result ({@code lost}
 * = 0, read with {@code read_committed} over the whole results topic) and none has two ({@code
 * duplicates} = 0). A scenario reports both as top-level {@code lost} and {@code duplicates} in its
 * details; one that does not has not checked, which fails its verdicts too. Immutable.
 *
 * @param lost requests without a result; -1 when not reported
 * @param duplicates results beyond the first for an id; -1 when not reported
 */
public record Integrity(long lost, long duplicates) {

  /** Nothing lost, nothing duplicated. */
  public static final Integrity CLEAN = new Integrity(0, 0);

  /** Not reported. */
  public static final Integrity UNCHECKED = new Integrity(-1, -1);

  /** Read from a scenario's details ({@code lost}, {@code duplicates}). */
  public static Integrity of(Map<String, Object> details) {
    return new Integrity(number(details.get("lost")), number(details.get("duplicates")));
  }

  private static long number(Object v) {
    return v instanceof Number n ? n.longValue() : -1;
  }

  /** Whether both were reported and both are 0. */
  public boolean ok() {
    return lost == 0 && duplicates == 0;
  }

  @Override
  public String toString() {
    if (lost < 0 || duplicates < 0) {
      return "lost/duplicates not checked";
    }
    return "lost " + lost + ", duplicates " + duplicates;
  }
}
