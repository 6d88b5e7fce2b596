package dev.ballast.simulator.internal;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts the model calls received per Ballast request id, over all regions; these counts are the
 * simulator's own attempt numbers when a call does not send one. Forgets everything once it holds
 * {@value #MAX_IDS} ids, so a long run cannot exhaust memory. Thread-safe.
 */
final class RequestTracker {

  static final int MAX_IDS = 1_000_000;

  private final ConcurrentHashMap<String, AtomicLong> calls = new ConcurrentHashMap<>();

  /** Records a call and returns how many calls with this id have been seen, this one included. */
  long record(String requestId) {
    if (calls.size() >= MAX_IDS && !calls.containsKey(requestId)) {
      calls.clear();
    }
    return calls.computeIfAbsent(requestId, k -> new AtomicLong()).incrementAndGet();
  }

  Map<String, Long> snapshot() {
    Map<String, Long> copy = new HashMap<>(calls.size() * 2);
    calls.forEach((id, count) -> copy.put(id, count.get()));
    return copy;
  }

  int size() {
    return calls.size();
  }

  void reset() {
    calls.clear();
  }
}
