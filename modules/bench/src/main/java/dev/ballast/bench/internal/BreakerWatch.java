package dev.ballast.bench.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Follows the breakers of one endpoint across a fleet from polls of each instance's {@code
 * ballast_breaker_state} (0 closed, 1 open, 2 half-open) and of the simulator's count of calls to
 * the endpoint: when each instance's breaker first opened, how long any of them was not closed, and
 * how many calls the endpoint received meanwhile (each poll interval is charged to the states seen
 * at its start). Used by one thread.
 */
final class BreakerWatch {

  static final double OPEN = 1;

  private final String region;
  private final List<Long> firstOpen = new ArrayList<>();
  private long firstPoll = -1;
  private long lastPoll = -1;
  private long lastCalls;
  private boolean lastAnyOpen;
  private long openNanos;
  private long callsWhileOpen;
  private int polls;

  /**
   * @param region the endpoint's region label, e.g. {@code us-east-1}
   */
  BreakerWatch(String region) {
    this.region = region;
  }

  /** Reads every instance's breaker state of the endpoint and records it. */
  void poll(List<PipelineProcess> fleet, long endpointCalls, long nanos) {
    double[] states = new double[fleet.size()];
    for (int i = 0; i < states.length; i++) {
      try {
        states[i] =
            PromText.sum(
                PromText.scrape(fleet.get(i).metricsPort()),
                "ballast_breaker_state",
                "region=\"" + region + "\"");
      } catch (IOException e) {
        states[i] = Double.NaN; // restarting or not listening: unknown
      }
    }
    record(nanos, states, endpointCalls);
  }

  /**
   * Records one poll.
   *
   * @param nanos when the poll was taken ({@code System.nanoTime()})
   * @param states each instance's breaker state; NaN when unknown
   * @param endpointCalls calls the endpoint has received so far
   */
  void record(long nanos, double[] states, long endpointCalls) {
    while (firstOpen.size() < states.length) {
      firstOpen.add(-1L);
    }
    if (lastPoll >= 0 && lastAnyOpen) {
      openNanos += nanos - lastPoll;
      callsWhileOpen += endpointCalls - lastCalls;
    }
    boolean any = false;
    for (int i = 0; i < states.length; i++) {
      if (states[i] == OPEN && firstOpen.get(i) < 0) {
        firstOpen.set(i, nanos);
      }
      any |= states[i] >= OPEN;
    }
    if (firstPoll < 0) {
      firstPoll = nanos;
    }
    lastPoll = nanos;
    lastCalls = endpointCalls;
    lastAnyOpen = any;
    polls++;
  }

  /**
   * Milliseconds from the first instance's breaker opening to the last's; when some instance never
   * opened, from the first opening to the last poll (a lower bound); NaN when none opened.
   */
  double spreadMs() {
    long first = Long.MAX_VALUE;
    long last = Long.MIN_VALUE;
    boolean all = true;
    for (long t : firstOpen) {
      if (t < 0) {
        all = false;
        continue;
      }
      first = Math.min(first, t);
      last = Math.max(last, t);
    }
    if (first == Long.MAX_VALUE) {
      return Double.NaN;
    }
    return ((all ? last : lastPoll) - first) / 1e6;
  }

  /** Endpoint calls while any breaker was not closed, per {@code probeIntervalMs} of that time. */
  double callsPerInterval(long probeIntervalMs) {
    if (openNanos == 0) {
      return Double.NaN;
    }
    return callsWhileOpen / (openNanos / 1e6 / probeIntervalMs);
  }

  /** The raw figures, for the report. */
  Map<String, Object> describe() {
    Map<String, Object> m = new LinkedHashMap<>();
    List<Object> opened = new ArrayList<>();
    for (long t : firstOpen) {
      opened.add(t < 0 ? "never" : Units.round((t - firstPoll) / 1e6, 0));
    }
    m.put("firstOpenMsAfterOutageStart", opened);
    m.put("anyOpenMs", Units.round(openNanos / 1e6, 0));
    m.put("primaryCallsWhileAnyOpen", callsWhileOpen);
    m.put("polls", polls);
    return m;
  }
}
