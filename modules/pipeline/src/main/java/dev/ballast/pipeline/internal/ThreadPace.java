package dev.ballast.pipeline.internal;

import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * When one stream thread's poll ends, beyond {@link PollPace}'s ceiling for its app.
 *
 * <ul>
 *   <li>Under exactly-once, a poll that starts with output not yet committed, with calls of the
 *       thread's tasks out or with their completions waiting, ends when the next commit is due. A
 *       completion does not wake the thread: what it writes becomes visible at that commit anyway,
 *       so the thread drains every completion of an interval in the loop that commits them, one
 *       wake-up per commit instead of one per answer.
 *   <li>Under at-least-once, where a record is visible once sent, the poll that blocks while a
 *       model call of the thread's tasks completes ends at once, and a poll that starts while
 *       completions wait for their drain lasts at most {@link #DRAIN}.
 * </ul>
 *
 * <p>So an answer is written within a commit interval of its call's end (a millisecond without
 * exactly-once) and committed in the same loop, without the thread waking on a timer for either.
 *
 * <p>Under exactly-once a thread also lingers before it polls, as its producer lingers before it
 * sends ({@link #linger}): after a poll that returned records, the next one starts a quarter of the
 * commit interval later (sooner if the commit is due), so that requests arriving a few milliseconds
 * apart are read, started and answered in one loop instead of one loop each. What the loop writes
 * is visible only at the commit anyway; a request's call starts at most that quarter later. At 200
 * requests a second on a 100 ms interval this cut the pipeline's CPU by 13–17 %, its p50 latency
 * 31–37 ms later (modules/bench/results/2026-12-03/NOTES.md). A thread that is behind its input
 * (the records it read were already older than the linger), that Kafka Streams asks to poll without
 * blocking (it still has records to process), or whose app is not {@code RUNNING}, does not linger.
 *
 * <p>Each stream thread's main consumer owns one ({@link PacedClientSupplier}); the thread finds it
 * with {@link #current()} once it has polled. The restore consumers and the GlobalStreamThread's
 * own one too, with nothing watched: only so that their polls can be ended ({@link #wake()}).
 *
 * <p>Thread-safety: {@link #answered()}, {@link #wake()} and {@link #watch}/{@link #unwatch} may be
 * called from any thread; the other methods only from the owning stream thread.
 */
public final class ThreadPace {

  /**
   * The longest poll while completions wait for their drain: the model stages' drain punctuator
   * interval, so that the drain is due when the poll ends.
   */
  public static final Duration DRAIN = Duration.ofMillis(1);

  private static final ThreadLocal<ThreadPace> CURRENT = new ThreadLocal<>();
  private static final long DRAIN_NANOS = DRAIN.toNanos();
  private static final int OUTSIDE = 0;
  private static final int POLLING = 1;
  private static final int WOKEN = 2;

  private final Runnable wakeup;
  private final long commitIntervalMs;
  private final LongSupplier clockMs;
  private final LongSupplier streamsLastCommitMs;
  private final long lingerMs;
  private final AtomicInteger state = new AtomicInteger(OUTSIDE);
  private volatile Thread lingering;
  private long receivedMs;
  private boolean caughtUp;
  private final CopyOnWriteArrayList<Watched> watched = new CopyOnWriteArrayList<>();
  private boolean uncommitted;
  private long lastCommitMs;

  /**
   * @param wakeup ends the consumer's blocking poll ({@code Consumer::wakeup})
   * @param commitInterval Streams' {@code commit.interval.ms} under exactly-once, {@code null} when
   *     a record is visible once sent (at-least-once)
   * @param clockMs the wall clock Streams counts its commit interval on, epoch milliseconds ({@code
   *     System::currentTimeMillis})
   * @param streamsLastCommitMs Streams' own time of the owning thread's last commit check, read on
   *     that thread ({@link StreamsCommitTime#ofCurrentThread()}), or {@link Long#MIN_VALUE} when
   *     unknown: then the end of its last transaction commit counts
   */
  public ThreadPace(
      Runnable wakeup,
      Duration commitInterval,
      LongSupplier clockMs,
      LongSupplier streamsLastCommitMs) {
    this.wakeup = wakeup;
    this.commitIntervalMs = commitInterval == null ? -1 : commitInterval.toMillis();
    this.lingerMs = commitInterval == null ? 0 : commitIntervalMs / 4;
    this.clockMs = clockMs;
    this.streamsLastCommitMs = streamsLastCommitMs;
    this.lastCommitMs = clockMs.getAsLong();
  }

  /**
   * The pace of the calling thread: a stream thread's, or a restore or global consumer's thread's;
   * {@code null} before its first poll or off those threads.
   */
  public static ThreadPace current() {
    return CURRENT.get();
  }

  /**
   * Completions of a task of this thread arrive in {@code queue}: a poll that starts while it is
   * not empty lasts at most {@link #DRAIN}, or under exactly-once until the next commit is due.
   * Under exactly-once, a poll that starts while {@code callsOut} is true (read on this pace's
   * thread; thread-safe) also ends when the next commit is due. Pair with {@link #unwatch}.
   */
  public synchronized void watch(Queue<?> queue, BooleanSupplier callsOut) {
    if (!watching(queue)) {
      watched.add(new Watched(queue, callsOut));
    }
  }

  /**
   * Moves the watch of {@code queue} from {@code watching} to the calling thread's pace, if they
   * differ (a task moved to another thread).
   *
   * @param watching the pace that watches {@code queue} now, or {@code null}
   * @param callsOut whether the task has calls out ({@link #watch(Queue, BooleanSupplier)})
   * @return the calling thread's pace, now watching {@code queue}; {@code null} off a stream thread
   */
  public static ThreadPace watchOnCurrent(
      ThreadPace watching, Queue<?> queue, BooleanSupplier callsOut) {
    ThreadPace current = CURRENT.get();
    if (current != watching) {
      if (watching != null) {
        watching.unwatch(queue);
      }
      if (current != null) {
        current.watch(queue, callsOut);
      }
    }
    return current;
  }

  /** {@code queue} is no longer drained on this thread. */
  public void unwatch(Queue<?> queue) {
    watched.removeIf(w -> w.queue() == queue);
  }

  /**
   * A completion was just added to a watched queue. Without exactly-once, ends the thread's poll if
   * it blocks now; under exactly-once the poll already ends when the next commit is due. Called
   * after the add, so a poll that starts later sees the completion in its queue.
   */
  public void answered() {
    if (commitIntervalMs < 0) {
      wake();
    }
  }

  /**
   * Ends the thread's poll if it blocks now, or its {@linkplain #linger linger} before one; a
   * thread that is not polling is left alone.
   */
  public void wake() {
    if (state.compareAndSet(POLLING, WOKEN)) {
      wakeup.run();
      Thread thread = lingering;
      if (thread != null) {
        LockSupport.unpark(thread);
      }
    }
  }

  /**
   * The poll that just ended on the owning thread returned records, the newest of them stamped
   * {@code newestRecordMs} (epoch milliseconds, the records' own timestamps). The next poll lingers
   * only if that record is younger than the linger: the thread has caught up with its input. A
   * thread that reads records older than that is behind (a backlog, a restart, released delay-tier
   * records) and polls again at once.
   */
  void received(long newestRecordMs) {
    long now = clockMs.getAsLong();
    caughtUp = now - newestRecordMs <= lingerMs;
    receivedMs = now;
  }

  /**
   * Under exactly-once, waits on the calling (owning) thread before its next poll: until a quarter
   * of the commit interval has passed since the last poll that returned records, at most until the
   * next commit is due and at most {@code ceiling}. Returns at once under at-least-once, when
   * {@code ceiling} is zero (Kafka Streams has records left to process), or when that quarter has
   * passed. {@link #wake()} ends the wait (and the poll that follows), and so does {@code steady}
   * turning false.
   *
   * @param ceiling the longest poll otherwise ({@link PollPace#timeout}), non-negative
   * @param steady whether the app is {@code RUNNING} and not closing ({@link PollPace#steady()}):
   *     read after this thread is marked as polling, so that a close whose wake-up came just before
   *     is not missed
   */
  void linger(Duration ceiling, BooleanSupplier steady) {
    long ms = lingerMs(ceiling);
    if (ms <= 0) {
      return;
    }
    CURRENT.set(this);
    lingering = Thread.currentThread();
    state.set(POLLING);
    try {
      long deadline = System.nanoTime() + ms * 1_000_000;
      for (long left = ms * 1_000_000;
          left > 0 && state.get() == POLLING && steady.getAsBoolean();
          left = deadline - System.nanoTime()) {
        LockSupport.parkNanos(this, left);
      }
    } finally {
      lingering = null;
    }
  }

  /** How long {@link #linger} waits now, in milliseconds; 0 for not at all. */
  long lingerMs(Duration ceiling) {
    if (lingerMs <= 0 || !caughtUp || ceiling.isZero()) {
      return 0;
    }
    long now = clockMs.getAsLong();
    long wait = receivedMs + lingerMs - now;
    if (wait <= 0) {
      return 0;
    }
    return Math.max(0, Math.min(Math.min(wait, untilCommitMs(now)), ceiling.toMillis()));
  }

  /**
   * Milliseconds from {@code nowMs} until Kafka Streams commits under exactly-once, negative when
   * overdue: it commits in the first loop in which more than {@code commit.interval.ms} has passed
   * since its last commit check (taken after the commit, and also when there was nothing to
   * commit).
   */
  private long untilCommitMs(long nowMs) {
    long last = Math.max(lastCommitMs, streamsLastCommitMs.getAsLong());
    return last + commitIntervalMs + 1 - nowMs;
  }

  /** The stream thread sent a record (under exactly-once: visible at the next commit). */
  void sent() {
    uncommitted = true;
  }

  /** The stream thread's transaction commit ended (committed, or failed and is to be aborted). */
  void committed() {
    uncommitted = false;
    lastCommitMs = clockMs.getAsLong();
  }

  /**
   * The stream thread aborts its transaction: nothing it wrote waits for a commit any more (and a
   * poll is not cut short for it until it writes again).
   */
  void aborting() {
    uncommitted = false;
  }

  /**
   * Marks the start of a poll by the calling thread, which becomes this pace's thread, and returns
   * how long the poll may block.
   *
   * @param ceiling the longest poll otherwise ({@link PollPace#timeout}), non-negative
   * @return at most {@code ceiling}, in whole milliseconds unless {@code ceiling} itself
   */
  public Duration beginPoll(Duration ceiling) {
    CURRENT.set(this);
    // A wake-up during the linger before this poll has armed the consumer: the poll ends at once.
    state.set(POLLING);
    long limit = ceiling.toNanos();
    boolean exactlyOnce = commitIntervalMs >= 0;
    if (!exactlyOnce && limit > DRAIN_NANOS && anyWaiting()) {
      limit = DRAIN_NANOS;
    }
    if (exactlyOnce && (uncommitted || anyWaiting() || anyCallsOut())) {
      // End the poll when Streams commits.
      limit = Math.min(limit, Math.max(0, untilCommitMs(clockMs.getAsLong())) * 1_000_000);
    }
    // The consumer counts whole milliseconds: round up, so that the poll does not end early.
    return limit == ceiling.toNanos() ? ceiling : Duration.ofMillis((limit + 999_999) / 1_000_000);
  }

  /**
   * The consumer that owns this pace closes: the calling thread, if this pace is its own, has no
   * pace any more ({@link #current()} returns {@code null} on it).
   */
  public void close() {
    if (CURRENT.get() == this) {
      CURRENT.remove();
    }
  }

  /** Marks the end of the poll begun last; {@code true} if {@link #answered()} asked it to end. */
  public boolean endPoll() {
    return state.getAndSet(OUTSIDE) == WOKEN;
  }

  private boolean watching(Queue<?> queue) {
    for (Watched w : watched) {
      if (w.queue() == queue) {
        return true;
      }
    }
    return false;
  }

  private boolean anyWaiting() {
    for (Watched w : watched) {
      if (!w.queue().isEmpty()) {
        return true;
      }
    }
    return false;
  }

  private boolean anyCallsOut() {
    for (Watched w : watched) {
      if (w.callsOut().getAsBoolean()) {
        return true;
      }
    }
    return false;
  }

  /** A task's completion queue and whether it has calls out. */
  private record Watched(Queue<?> queue, BooleanSupplier callsOut) {}
}
