package dev.ballast.pipeline.internal;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * How long the stream threads of one Kafka Streams app of an instance (the online lane's or the
 * batch lane's) wait in {@code Consumer.poll}: as Kafka Streams asks ({@code poll.ms}, 1 s by
 * Ballast's default) while nothing in the app waits on the clock, and at most {@link #BUSY} while
 * something does: a model stage with requests waiting for room to start, or with calls out on a
 * thread no {@link ThreadPace} wakes for their completions, or a delay tier's scheduler holding
 * parked requests (released by a wall-clock punctuator, which runs between polls). A record that
 * arrives ends a poll at once either way; {@link ThreadPace} may shorten a poll further (for a
 * completed call, or for the next commit). An idle app thus wakes each thread once a second instead
 * of a hundred times.
 *
 * <p>While the app is not {@code RUNNING} (starting, or rebalancing: {@link #running}), polls last
 * at most {@link #BUSY} too: a stream thread learns that its tasks are restored, or that its
 * assignment changed, when its poll ends, and its partitions are paused meanwhile, so no record
 * would end the poll sooner; a state updater's restore consumer waits as long for a changelog's
 * records.
 *
 * <p>Kafka Streams does not end a poll to stop: a thread notices its shutdown when its poll ends.
 * So once the app is {@linkplain #close() closing}, the polls of its consumers registered here (the
 * stream threads' main consumers, the state updaters' restore consumers and the
 * GlobalStreamThread's) end at once, and later ones last at most {@link #BUSY}.
 *
 * <p>Thread-safe: processors on any stream thread mark work, every stream thread's consumer reads
 * it.
 */
public final class PollPace {

  /** The longest poll while something waits on the clock: a few of the punctuators' intervals. */
  public static final Duration BUSY = Duration.ofMillis(10);

  private final AtomicInteger busy = new AtomicInteger();
  private final Set<ThreadPace> polling = ConcurrentHashMap.newKeySet();
  private volatile boolean closing;
  private volatile boolean running = true;

  /** A processor now waits on the clock; pair each call with one {@link #idle()}. */
  public void busy() {
    busy.incrementAndGet();
  }

  /** A processor that waited on the clock does not any more. */
  public void idle() {
    busy.updateAndGet(n -> Math.max(0, n - 1));
  }

  /** Processors waiting on the clock now. */
  public int busyStages() {
    return busy.get();
  }

  /**
   * The poll timeout to use when Kafka Streams asks for {@code requested}: {@code requested} while
   * idle, at most {@link #BUSY} while busy, not running or closing.
   *
   * @param requested non-null, non-negative
   */
  public Duration timeout(Duration requested) {
    return busy.get() > 0 ? atMostBusy(requested) : timeoutOffClock(requested);
  }

  /**
   * As {@link #timeout}, for a consumer whose thread runs no punctuator (the GlobalStreamThread's,
   * a state updater's restore consumer): {@code requested} unless the app is not running or
   * closing.
   */
  public Duration timeoutOffClock(Duration requested) {
    return closing || !running ? atMostBusy(requested) : requested;
  }

  /**
   * Whether the app is {@code RUNNING} now, from its Kafka Streams state listener; {@code true}
   * until told otherwise.
   */
  public void running(boolean running) {
    this.running = running;
  }

  /** Whether the app is {@code RUNNING} and not closing. */
  public boolean steady() {
    return running && !closing;
  }

  private static Duration atMostBusy(Duration requested) {
    return requested.compareTo(BUSY) > 0 ? BUSY : requested;
  }

  /**
   * {@code consumer}'s polls end at once when the app closes, until {@link #unregister}; one that
   * starts after the close is short anyway.
   */
  void register(ThreadPace consumer) {
    polling.add(consumer);
  }

  /** {@code consumer} closed. */
  void unregister(ThreadPace consumer) {
    polling.remove(consumer);
  }

  /**
   * The app is about to close: ends the registered consumers' polls now and keeps later ones short,
   * so that its threads notice their shutdown at once. Idempotent.
   */
  public void close() {
    closing = true;
    polling.forEach(ThreadPace::wake);
  }
}
