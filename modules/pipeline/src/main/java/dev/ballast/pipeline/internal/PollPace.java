package dev.ballast.pipeline.internal;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * How long the stream threads of one Kafka Streams app of an instance (the online lane's or the
 * batch lane's) wait in {@code Consumer.poll}, and how a finished model call wakes the thread that
 * started it. While no model stage of the app has work out, a thread polls as Kafka Streams asks
 * ({@code poll.ms}, 100 ms by default); while one has, at most {@link #BUSY}. A stage has work out
 * from its first call until its last completion is drained; completions are drained on the stream
 * thread between polls, so a call that ends {@linkplain #waker wakes} its thread's poll at once and
 * the short poll is only the backstop (for a window permit freed by another thread's call). An idle
 * app thus wakes each thread ten times a second instead of a hundred. Parked requests come back at
 * the first poll after they are due, up to {@code poll.ms} late while nothing else is out.
 *
 * <p>Thread-safe: stages on any stream thread mark work, every stream thread's consumer reads it,
 * client threads wake stream threads.
 */
public final class PollPace {

  /** The longest poll while a stage has work out. */
  public static final Duration BUSY = Duration.ofMillis(10);

  /** Wakes nothing: for threads that poll no paced consumer (tests starting calls directly). */
  private static final Runnable NO_WAKER = () -> {};

  private final AtomicInteger busy = new AtomicInteger();
  private final Map<Thread, Runnable> wakers = new ConcurrentHashMap<>();

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

  /**
   * What ends {@code thread}'s current or next poll at once, so that it drains a completion now;
   * safe to run from any thread, any number of times. A thread without a paced consumer gets a
   * waker that does nothing.
   */
  public Runnable waker(Thread thread) {
    return wakers.getOrDefault(thread, NO_WAKER);
  }

  /** {@code thread} polls through {@code waker}'s consumer from now on. */
  void register(Thread thread, Runnable waker) {
    wakers.put(thread, waker);
  }

  /** {@code waker}'s consumer is closed. */
  void forget(Runnable waker) {
    wakers.values().removeIf(w -> w == waker);
  }
}
