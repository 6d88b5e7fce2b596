package dev.ballast.client.internal;

import dev.ballast.client.BallastClientException;
import dev.ballast.client.CallTimeoutException;
import dev.ballast.schemas.InferenceResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;

/**
 * The one reader of the results topic that completes a client's pending calls, matched by request
 * id. It reads every partition (assigned, no consumer group) with {@code read_committed}, starting
 * at the end as of {@link #ready()}: callers send a request only after that, so no result of a call
 * is missed. Partitions added to the topic later are read from their beginning.
 *
 * <p>Lifecycle: created and {@link #start() started} by the client on its first call; one thread
 * ({@code ballast-replies}) owns the consumer; {@link #close()} stops it and fails what is still
 * pending. Everything else is thread-safe. Futures complete on the reader thread (results), on the
 * timer thread (timeouts) or on the caller's thread (cancellation).
 */
public final class ReplyReader implements AutoCloseable {

  private static final Duration POLL = Duration.ofMillis(100);
  private static final long PARTITION_REFRESH_NANOS = TimeUnit.SECONDS.toNanos(30);

  private final Supplier<Consumer<String, InferenceResult>> consumers;
  private final String topic;
  private final Semaphore permits;
  private final int maxPending;
  private final Map<String, CompletableFuture<InferenceResult>> pending = new ConcurrentHashMap<>();
  private final CompletableFuture<Void> ready = new CompletableFuture<>();
  private final ScheduledThreadPoolExecutor timer;
  private final Thread thread;
  private volatile Consumer<String, InferenceResult> consumer;
  private volatile boolean closed;
  private volatile Throwable failure;

  /**
   * A reader of {@code topic}.
   *
   * @param consumers creates the consumer (read_committed, no auto commit), called once on the
   *     reader thread
   * @param maxPending most calls waiting at once; more fail at once
   */
  public ReplyReader(
      Supplier<Consumer<String, InferenceResult>> consumers, String topic, int maxPending) {
    this.consumers = consumers;
    this.topic = topic;
    this.maxPending = maxPending;
    this.permits = new Semaphore(maxPending);
    ScheduledThreadPoolExecutor timeouts =
        new ScheduledThreadPoolExecutor(
            1,
            r -> {
              Thread t = new Thread(r, "ballast-call-timeouts");
              t.setDaemon(true);
              return t;
            });
    // Every call's timeout is cancelled when its result comes: drop it then, or it would stay
    // queued, and wake this thread, until it would have fired.
    timeouts.setRemoveOnCancelPolicy(true);
    this.timer = timeouts;
    this.thread = new Thread(this::run, "ballast-replies");
    thread.setDaemon(true);
  }

  /** Call timeouts waiting to fire: one per pending call. */
  int queuedTimeouts() {
    return timer.getQueue().size();
  }

  /** Starts the reader thread; call once. */
  public void start() {
    thread.start();
  }

  /** Completes once the reader's start positions are fixed; exceptionally if it cannot start. */
  public CompletableFuture<Void> ready() {
    return ready;
  }

  /** Whether the reader stopped on an error (a new one is needed). */
  public boolean failed() {
    return failure != null;
  }

  /** Calls waiting for their result now. */
  public int pendingCalls() {
    return pending.size();
  }

  /**
   * Registers a call for {@code requestId}. The returned future completes with the first result
   * read for the id, or exceptionally with {@link CallTimeoutException} after {@code timeout}, or
   * with {@link BallastClientException} when too many calls are pending, the id is already pending,
   * or the reader fails or closes. Cancelling it forgets the call.
   */
  public CompletableFuture<InferenceResult> register(String requestId, Duration timeout) {
    CompletableFuture<InferenceResult> f = new CompletableFuture<>();
    if (closed || failure != null) {
      f.completeExceptionally(
          new BallastClientException(
              "cannot call " + requestId + ": the client is closed or its reader failed", failure));
      return f;
    }
    if (pending.putIfAbsent(requestId, f) != null) {
      f.completeExceptionally(
          new BallastClientException("a call for request " + requestId + " is already pending"));
      return f;
    }
    if (!permits.tryAcquire()) {
      pending.remove(requestId, f);
      f.completeExceptionally(
          new BallastClientException(
              "cannot call "
                  + requestId
                  + ": "
                  + maxPending
                  + " calls already pending (the client's maxPendingCalls)"));
      return f;
    }
    ScheduledFuture<?> expiry =
        timer.schedule(
            () -> f.completeExceptionally(new CallTimeoutException(requestId, timeout)),
            timeout.toNanos(),
            TimeUnit.NANOSECONDS);
    f.whenComplete(
        (r, e) -> {
          expiry.cancel(false);
          if (pending.remove(requestId, f)) {
            permits.release();
          }
        });
    return f;
  }

  private void run() {
    try (Consumer<String, InferenceResult> c = consumers.get()) {
      consumer = c;
      Set<TopicPartition> assigned = new HashSet<>(partitions(c));
      if (assigned.isEmpty()) {
        throw new BallastClientException("results topic " + topic + " has no partitions");
      }
      c.assign(assigned);
      c.seekToEnd(assigned);
      assigned.forEach(c::position); // fix the start now, before any request is sent
      ready.complete(null);
      long nextRefresh = System.nanoTime() + PARTITION_REFRESH_NANOS;
      while (!closed) {
        for (ConsumerRecord<String, InferenceResult> r : c.poll(POLL)) {
          InferenceResult result = r.value();
          if (result != null) {
            // Forget the call before completing it: whoever waits on it sees it gone.
            CompletableFuture<InferenceResult> f = pending.remove(result.getId());
            if (f != null) {
              permits.release();
              f.complete(result);
            }
          }
        }
        if (System.nanoTime() - nextRefresh > 0) {
          nextRefresh = System.nanoTime() + PARTITION_REFRESH_NANOS;
          addNewPartitions(c, assigned);
        }
      }
    } catch (WakeupException e) {
      if (!closed) {
        fail(e);
      }
    } catch (RuntimeException e) {
      fail(e);
    } finally {
      failAll(new BallastClientException("the client's results reader stopped", failure));
    }
  }

  private void addNewPartitions(Consumer<String, InferenceResult> c, Set<TopicPartition> assigned) {
    List<TopicPartition> added = new ArrayList<>();
    for (TopicPartition tp : partitions(c)) {
      if (assigned.add(tp)) {
        added.add(tp);
      }
    }
    if (!added.isEmpty()) {
      c.assign(assigned);
      c.seekToBeginning(added); // every record there is newer than this reader
    }
  }

  private List<TopicPartition> partitions(Consumer<String, InferenceResult> c) {
    List<TopicPartition> out = new ArrayList<>();
    List<PartitionInfo> infos = c.partitionsFor(topic, Duration.ofSeconds(30));
    if (infos != null) {
      infos.forEach(i -> out.add(new TopicPartition(i.topic(), i.partition())));
    }
    return out;
  }

  private void fail(Throwable e) {
    failure = e;
    ready.completeExceptionally(
        new BallastClientException("cannot read results topic " + topic + ": " + e, e));
  }

  private void failAll(BallastClientException e) {
    ready.completeExceptionally(e);
    new ArrayList<>(pending.values()).forEach(f -> f.completeExceptionally(e));
  }

  /** Stops the reader thread and fails the calls still pending. */
  @Override
  public void close() {
    closed = true;
    Consumer<String, InferenceResult> c = consumer;
    if (c != null) {
      c.wakeup();
    }
    if (thread.isAlive()) {
      try {
        thread.join(TimeUnit.SECONDS.toMillis(10));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    } else {
      failAll(new BallastClientException("the client is closed"));
    }
    timer.shutdownNow();
  }
}
