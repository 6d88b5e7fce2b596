package dev.ballast.pipeline.internal;

import dev.ballast.modelclient.BreakerListener;
import dev.ballast.modelclient.Endpoint;
import dev.ballast.pipeline.BreakerEvent;
import java.util.ArrayDeque;
import java.util.List;

/**
 * The latest circuit breaker state changes of an instance, oldest first, for the demo, benchmarks
 * and metrics. This class is thread-safe.
 */
public final class BreakerEvents implements BreakerListener {

  private static final int KEPT = 1000;

  private final ArrayDeque<BreakerEvent> events = new ArrayDeque<>();

  @Override
  public void onStateChange(Endpoint endpoint, State from, State to, long atMs) {
    synchronized (events) {
      if (events.size() >= KEPT) {
        events.removeFirst();
      }
      events.addLast(new BreakerEvent(endpoint.id(), from, to, atMs));
    }
  }

  /** The changes kept (the latest thousand), oldest first. */
  public List<BreakerEvent> list() {
    synchronized (events) {
      return List.copyOf(events);
    }
  }
}
