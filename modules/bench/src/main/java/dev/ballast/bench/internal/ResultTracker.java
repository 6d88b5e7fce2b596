package dev.ballast.bench.internal;

import dev.ballast.client.BallastClient;
import dev.ballast.schemas.Attempt;
import dev.ballast.schemas.InferenceResult;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * Reads committed results on its own thread (a {@code read_committed} consumer from {@link
 * BallastClient#results}) and counts them: distinct ids, duplicates, statuses, and for measured
 * requests the latency from submit to the moment the result was read.
 *
 * <p>The counters are thread-safe; the reader thread is the only one touching the consumer.
 */
final class ResultTracker implements AutoCloseable {

  private final BallastClient client;
  private final Map<String, Long> sentAtNanos;
  private final Predicate<String> measured;
  private final Percentiles latencies;
  private final OpenLoopLog log;
  private final Percentiles toAnswer = new Percentiles();
  private final Percentiles toVisible = new Percentiles();
  private final Percentiles toCall = new Percentiles();
  private final Percentiles call = new Percentiles();
  private final Percentiles callToAnswer = new Percentiles();
  private final Set<String> seen = ConcurrentHashMap.newKeySet();
  private final AtomicLong duplicates = new AtomicLong();
  private final Map<String, AtomicLong> statuses = new ConcurrentHashMap<>();
  private final Map<String, AtomicLong> failureReasons = new ConcurrentHashMap<>();
  private volatile String failureExample;
  private final AtomicBoolean stop = new AtomicBoolean();
  private final CountDownLatch ready = new CountDownLatch(1);
  private final Thread thread;
  private volatile RuntimeException failure;

  /**
   * @param sentAtNanos submit times by id ({@code System.nanoTime()}), or null to measure nothing
   * @param measured which ids' latencies to record
   * @param latencies where latencies in nanoseconds go
   */
  ResultTracker(
      BallastClient client,
      Map<String, Long> sentAtNanos,
      Predicate<String> measured,
      Percentiles latencies) {
    this.client = client;
    this.sentAtNanos = sentAtNanos;
    this.measured = measured;
    this.latencies = latencies;
    this.log = null;
    this.thread = new Thread(this::read, "bench-results");
    this.thread.setDaemon(true);
  }

  /**
   * A tracker that reports every first result to {@code log} (latency from the request's due time)
   * and records the pipeline's own breakdown for the requests {@code log} knows.
   */
  ResultTracker(BallastClient client, OpenLoopLog log) {
    this.client = client;
    this.sentAtNanos = null;
    this.measured = id -> true;
    this.latencies = null;
    this.log = log;
    this.thread = new Thread(this::read, "bench-results");
    this.thread.setDaemon(true);
  }

  /** Starts reading from the beginning of the results topic; returns once the reader is placed. */
  ResultTracker start() {
    thread.start();
    try {
      if (!ready.await(60, TimeUnit.SECONDS)) {
        throw new IllegalStateException("results reader not ready after 60 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
    if (failure != null) {
      throw failure;
    }
    return this;
  }

  private void read() {
    try (BallastClient.Results reader = client.results(true)) {
      ready.countDown();
      while (!stop.get()) {
        for (InferenceResult r : reader.poll(Duration.ofMillis(20))) {
          long now = System.nanoTime();
          String id = r.getId();
          if (!seen.add(id)) {
            duplicates.incrementAndGet();
            continue;
          }
          statuses.computeIfAbsent(r.getStatus().name(), k -> new AtomicLong()).incrementAndGet();
          if (r.getError() != null) {
            failureReasons
                .computeIfAbsent(r.getError().getCode(), k -> new AtomicLong())
                .incrementAndGet();
            if (failureExample == null) {
              failureExample = id + ": " + r.getError().getCode() + " " + r.getError().getMessage();
            }
          }
          if (log != null) {
            log.answered(id, now);
          }
          boolean logged = log != null && log.knows(id);
          if (logged || sentAtNanos != null && measured.test(id)) {
            Long sent = sentAtNanos == null ? null : sentAtNanos.get(id);
            if (sent != null) {
              latencies.add(now - sent);
            }
            if (r.getLatencyMs() != null) {
              toAnswer.add(r.getLatencyMs());
              if (!r.getAttempts().isEmpty()) {
                Attempt first = r.getAttempts().get(0);
                long submitted = r.getCompletedAt().toEpochMilli() - r.getLatencyMs();
                long started = first.getStartedAt().toEpochMilli();
                toCall.add(started - submitted);
                call.add(first.getLatencyMs());
                callToAnswer.add(
                    r.getCompletedAt().toEpochMilli() - started - first.getLatencyMs());
              }
            }
            toVisible.add(System.currentTimeMillis() - r.getCompletedAt().toEpochMilli());
          }
        }
      }
    } catch (RuntimeException e) {
      failure = e;
      ready.countDown();
    }
  }

  /** Distinct ids with a result so far. */
  int completed() {
    return seen.size();
  }

  /** Whether {@code id} has a result. */
  boolean has(String id) {
    return seen.contains(id);
  }

  /** Distinct ids with a result of {@code status} (e.g. {@code SUCCEEDED}). */
  long count(String status) {
    AtomicLong n = statuses.get(status);
    return n == null ? 0 : n.get();
  }

  /** Results read for an id that already had one. */
  long duplicates() {
    return duplicates.get();
  }

  /**
   * Results by status, e.g. {@code SUCCEEDED}; failures also by reason code, with the first one as
   * an example.
   */
  Map<String, Object> statuses() {
    Map<String, Object> out = new TreeMap<>();
    statuses.forEach((k, v) -> out.put(k, v.get()));
    failureReasons.forEach((k, v) -> out.put("reason " + k, v.get()));
    if (failureExample != null) {
      out.put("firstFailure", failureExample);
    }
    return out;
  }

  /**
   * For measured results: the pipeline's own latency (submission to answer written, ms), split by
   * its first model call (submission to the call's start, the call, the call's end to the answer
   * written; from the result's {@code attempts[0]}), and the time from the answer being written to
   * the moment it was read (ms): the wait for the commit that makes it visible to {@code
   * read_committed} readers, plus the read. Wall-clock ms from the pipeline's and this process's
   * clocks (one host).
   */
  Map<String, Object> breakdown() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("submitToAnswerWrittenMsP50", toAnswer.percentile(50));
    m.put("submitToAnswerWrittenMsP99", toAnswer.percentile(99));
    m.put("submitToCallMsP50", toCall.percentile(50));
    m.put("submitToCallMsP99", toCall.percentile(99));
    m.put("callMsP50", call.percentile(50));
    m.put("callMsP99", call.percentile(99));
    m.put("callEndToAnswerWrittenMsP50", callToAnswer.percentile(50));
    m.put("callEndToAnswerWrittenMsP99", callToAnswer.percentile(99));
    m.put("answerWrittenToReadMsP50", toVisible.percentile(50));
    m.put("answerWrittenToReadMsP99", toVisible.percentile(99));
    return m;
  }

  /** The reader's failure, if it stopped with one. */
  RuntimeException failure() {
    return failure;
  }

  @Override
  public void close() {
    stop.set(true);
    try {
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
