package dev.ballast.pipeline.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * When Kafka Streams last committed on the calling stream thread, as Streams itself counts {@code
 * commit.interval.ms}: its {@code StreamThread.lastCommitMs} (Kafka Streams 4.4), wall-clock
 * milliseconds taken when a commit check fires, after the commit and whether or not anything was
 * committed. Streams commits again in the first loop in which {@code now - lastCommitMs >
 * commit.interval.ms}.
 *
 * <p>The field is internal to Kafka Streams and read without changing it; if a Kafka Streams
 * version lacks it, {@link #available()} is {@code false} and {@link #ofCurrentThread()} answers
 * {@link Long#MIN_VALUE}. Thread-safe; a stream thread reads its own field.
 */
final class StreamsCommitTime {

  private static final String STREAM_THREAD =
      "org.apache.kafka.streams.processor.internals.StreamThread";

  private static final Class<?> THREAD_CLASS;
  private static final VarHandle LAST_COMMIT_MS;

  static {
    Class<?> c = null;
    VarHandle h = null;
    try {
      c = Class.forName(STREAM_THREAD);
      h =
          MethodHandles.privateLookupIn(c, MethodHandles.lookup())
              .findVarHandle(c, "lastCommitMs", long.class);
    } catch (ReflectiveOperationException | RuntimeException e) {
      c = null;
      h = null;
    }
    THREAD_CLASS = c;
    LAST_COMMIT_MS = h;
  }

  private StreamsCommitTime() {}

  /** Whether this Kafka Streams version exposes the field. */
  static boolean available() {
    return LAST_COMMIT_MS != null;
  }

  /**
   * The calling stream thread's last commit time in epoch milliseconds; {@link Long#MIN_VALUE} off
   * a stream thread or when not {@link #available()}.
   */
  static long ofCurrentThread() {
    Thread t = Thread.currentThread();
    if (LAST_COMMIT_MS == null || !THREAD_CLASS.isInstance(t)) {
      return Long.MIN_VALUE;
    }
    return (long) LAST_COMMIT_MS.get(t);
  }
}
