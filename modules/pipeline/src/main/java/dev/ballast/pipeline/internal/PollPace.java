package dev.ballast.pipeline.internal;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * How long the stream threads of one Kafka Streams app of an instance (the online lane's or the
 * batch lane's) wait in {@code Consumer.poll}: as Kafka Streams asks ({@code poll.ms}, 100 ms by
 * default) while no model stage of the app has work out, and at most {@link #BUSY} while one has. A
 * stage has work out from its first call until its last completion is drained; completions are
 * drained on the stream thread between polls, so a short poll is what bounds the wait of an answer
 * that arrives while no new request does. An idle app thus wakes each thread ten times a second
 * instead of a hundred. Parked requests come back at the first poll after they are due, up to
 * {@code poll.ms} late while nothing else is out.
 *
 * <p>Thread-safe: stages on any stream thread mark work, every stream thread's consumer reads it.
 */
public final class PollPace {

  /** The longest poll while a stage has work out: the drain punctuator's interval plus margin. */
  public static final Duration BUSY = Duration.ofMillis(10);

  private final AtomicInteger busy = new AtomicInteger();

  /** A stage now has work out; pair each call with one {@link #idle()}. */
  public void busy() {
    busy.incrementAndGet();
  }

  /** A stage that had work out has none now. */
  public void idle() {
    busy.updateAndGet(n -> Math.max(0, n - 1));
  }

  /** Stages with work out now. */
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
