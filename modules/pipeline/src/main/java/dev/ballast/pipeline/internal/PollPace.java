package dev.ballast.pipeline.internal;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * How long the stream threads of one Kafka Streams app of an instance (the online lane's or the
 * batch lane's) wait in {@code Consumer.poll}: as Kafka Streams asks ({@code poll.ms}, 250 ms by
 * Ballast's default) while nothing in the app waits on the clock, and at most {@link #BUSY} while
 * something does: a model stage with requests waiting for room to start, or with calls out on a
 * thread no {@link ThreadPace} wakes for their completions, or a delay tier's scheduler holding
 * parked requests (released by a wall-clock punctuator, which runs between polls). A record that
 * arrives ends a poll at once either way; {@link ThreadPace} may shorten a poll further (for a
 * completed call, or for the next commit). An idle app thus wakes each thread four times a second
 * instead of a hundred.
 *
 * <p>Thread-safe: processors on any stream thread mark work, every stream thread's consumer reads
 * it.
 */
public final class PollPace {

  /** The longest poll while something waits on the clock: a few of the punctuators' intervals. */
  public static final Duration BUSY = Duration.ofMillis(10);

  private final AtomicInteger busy = new AtomicInteger();

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
   * idle, at most {@link #BUSY} while busy.
   *
   * @param requested non-null, non-negative
   */
  public Duration timeout(Duration requested) {
    return busy.get() > 0 && requested.compareTo(BUSY) > 0 ? BUSY : requested;
  }
}
