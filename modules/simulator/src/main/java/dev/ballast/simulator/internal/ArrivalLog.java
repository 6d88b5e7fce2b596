package dev.ballast.simulator.internal;

import dev.ballast.simulator.Arrival;
import java.util.ArrayList;
import java.util.List;

/**
 * The last {@value #CAPACITY} calls received, oldest first, for timelines (when each call arrived
 * and how it was answered); older calls are forgotten. Thread-safe: all methods synchronize on the
 * log.
 */
final class ArrivalLog {

  static final int CAPACITY = 200_000;

  private final Arrival[] ring = new Arrival[CAPACITY];
  private long next;

  synchronized void add(Arrival a) {
    ring[(int) (next % CAPACITY)] = a;
    next++;
  }

  synchronized List<Arrival> snapshot() {
    long from = Math.max(0, next - CAPACITY);
    List<Arrival> out = new ArrayList<>((int) (next - from));
    for (long i = from; i < next; i++) {
      out.add(ring[(int) (i % CAPACITY)]);
    }
    return out;
  }

  synchronized void reset() {
    java.util.Arrays.fill(ring, null);
    next = 0;
  }
}
