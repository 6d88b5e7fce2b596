package dev.ballast.cli.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * When the demo's client sent each request and received its first result (wall clock, ms): the
 * client's side of the latency breakdown and of the report's time axis. Thread-safe.
 */
public final class DemoTimeline {

  private final Map<String, Long> sentAtMs = new ConcurrentHashMap<>();
  private final Map<String, Long> receivedAtMs = new ConcurrentHashMap<>();

  public void sent(String id, long atMs) {
    sentAtMs.put(id, atMs);
  }

  /** Keeps the first receipt of {@code id}. */
  public void received(String id, long atMs) {
    receivedAtMs.putIfAbsent(id, atMs);
  }

  /** When {@code id} was sent, or null. */
  public Long sentAt(String id) {
    return sentAtMs.get(id);
  }

  /** When the first result of {@code id} arrived, or null. */
  public Long receivedAt(String id) {
    return receivedAtMs.get(id);
  }
}
