package dev.ballast.pipeline.internal;

import dev.ballast.pipeline.CallOutcome;
import dev.ballast.pipeline.ModelRouter;
import dev.ballast.pipeline.PipelineMetrics;
import dev.ballast.schemas.AvroSerde;
import dev.ballast.schemas.InFlight;
import dev.ballast.schemas.InferenceRequest;
import dev.ballast.schemas.InferenceResult;
import dev.ballast.schemas.Lane;
import dev.ballast.schemas.RequestState;
import dev.ballast.schemas.Status;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.streams.processor.Cancellable;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The asynchronous model stage: many model calls in flight without a stream thread waiting on any
 * of them, and without losing one across crashes.
 *
 * <p>The life of a request here:
 *
 * <ol>
 *   <li>{@link #process} takes a permit of the instance-wide window (waiting, while draining
 *       completions, when it is full), writes the request into the <em>in-flight ledger</em> (a
 *       changelogged store) and starts the call. Once the offset is committed the request is either
 *       answered or in the ledger.
 *   <li>The call runs on client threads. When it ends, its permit is released and a {@link
 *       Completion} is queued; nothing else happens off the stream thread.
 *   <li>The stream thread drains the queue (a wall-clock punctuator every few milliseconds, and
 *       inside {@link #process}): it forwards the result and deletes the ledger entry in the same
 *       transaction under {@code exactly_once_v2}.
 *   <li>After a crash, a rebalance or a corrupted task, {@link #init} finds the ledger restored and
 *       re-issues its entries, at most a window's worth at a time. Completions of an earlier
 *       generation are discarded, so a re-issued call can repeat a model call but never a result.
 * </ol>
 *
 * <p>Thread ownership: every field is touched by the owning stream thread only, except {@link
 * #completions} (a concurrent queue written by client threads).
 */
public final class ModelStage implements Processor<String, InferenceRequest, String, Object> {

  private static final Logger log = LoggerFactory.getLogger(ModelStage.class);
  private static final Duration DRAIN_INTERVAL = Duration.ofMillis(5);

  /** A finished call, queued for the stream thread. */
  private record Completion(long generation, String id, CallOutcome outcome) {}

  private final ModelRouter router;
  private final TopologyNames names;
  private final AvroSerde<InferenceRequest> requestSerde;
  private final String batchTopic;
  private final PipelineMetrics metrics;
  private final ConcurrentLinkedQueue<Completion> completions = new ConcurrentLinkedQueue<>();
  private final Set<String> calling = new HashSet<>();
  private final ArrayDeque<String> reissue = new ArrayDeque<>();

  private ProcessorContext<String, Object> context;
  private KeyValueStore<String, InFlight> ledger;
  private Cancellable punctuator;
  private long generation;

  public ModelStage(
      ModelRouter router,
      TopologyNames names,
      AvroSerde<InferenceRequest> requestSerde,
      String batchTopic,
      PipelineMetrics metrics) {
    this.router = router;
    this.names = names;
    this.requestSerde = requestSerde;
    this.batchTopic = batchTopic;
    this.metrics = metrics;
  }

  @Override
  public void init(ProcessorContext<String, Object> context) {
    this.context = context;
    this.ledger = context.getStateStore(names.ledgerStore());
    // init() may run again on the same instance when a corrupted task is revived: start afresh.
    generation++;
    completions.clear();
    calling.clear();
    reissue.clear();
    try (KeyValueIterator<String, InFlight> all = ledger.all()) {
      all.forEachRemaining(kv -> reissue.add(kv.key));
    }
    if (!reissue.isEmpty()) {
      log.info(
          "Task {}: re-issuing {} in-flight requests from the ledger",
          context.taskId(),
          reissue.size());
    }
    if (punctuator != null) {
      punctuator.cancel();
    }
    punctuator = context.schedule(DRAIN_INTERVAL, PunctuationType.WALL_CLOCK_TIME, now -> onTick());
  }

  @Override
  public void process(Record<String, InferenceRequest> record) {
    String id = record.key();
    if (ledger.get(id) != null) {
      metrics.duplicates.increment();
      log.debug("Request {} is already in flight; duplicate ignored", id);
      return;
    }
    acquireBlocking();
    long now = context.currentSystemTimeMs();
    Lane lane =
        context.recordMetadata().map(m -> batchTopic.equals(m.topic())).orElse(false)
            ? Lane.BATCH
            : Lane.ONLINE;
    RequestState state =
        RequestState.newBuilder().setLane(lane).setFirstSeenMs(now).setAttempts(List.of()).build();
    InFlight entry = new InFlight(record.value(), state);
    ledger.put(id, entry);
    start(id, entry);
    drain();
  }

  private void onTick() {
    drain();
    while (!reissue.isEmpty() && router.window().tryAcquire()) {
      String id = reissue.poll();
      InFlight entry = ledger.get(id);
      if (entry == null || calling.contains(id)) {
        router.window().release();
        continue;
      }
      metrics.reissued.increment();
      start(id, entry);
    }
  }

  /** Waits for a window permit, draining this task's completions meanwhile. */
  private void acquireBlocking() {
    if (router.window().tryAcquire()) {
      return;
    }
    metrics.windowWaits.increment();
    try {
      while (!router.window().tryAcquire(DRAIN_INTERVAL.toMillis(), TimeUnit.MILLISECONDS)) {
        drain();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new org.apache.kafka.streams.errors.StreamsException(
          "Interrupted while waiting for room in the in-flight window", e);
    }
  }

  /** Starts a call; the caller holds a permit, released when the call ends. */
  private void start(String id, InFlight entry) {
    calling.add(id);
    long gen = generation;
    metrics.modelCalls.increment();
    router
        .call(entry.getRequest(), entry.getState())
        .whenComplete(
            (outcome, error) -> {
              router.window().release();
              completions.add(new Completion(gen, id, outcome));
            });
  }

  private void drain() {
    Completion c;
    while ((c = completions.poll()) != null) {
      if (c.generation() != generation) {
        continue;
      }
      calling.remove(c.id());
      InFlight entry = ledger.get(c.id());
      if (entry == null) {
        continue;
      }
      try {
        if (c.outcome() == null) {
          throw new IllegalStateException("a model call ended without an outcome");
        }
        onOutcome(c.id(), entry, c.outcome());
      } catch (RuntimeException e) {
        log.error("Failing request {} after an internal error", c.id(), e);
        fail(c.id(), entry, entry.getState(), ReasonCodes.INTERNAL_ERROR, e.toString());
      }
    }
  }

  private void onOutcome(String id, InFlight entry, CallOutcome outcome) {
    RequestState state = Results.withAttempt(entry.getState(), outcome);
    long now = context.currentSystemTimeMs();
    if (outcome.succeeded()) {
      InferenceResult result = Results.answered(entry.getRequest(), state, outcome.response(), now);
      emit(id, result);
      ledger.delete(id);
      return;
    }
    fail(id, entry, state, outcome.failure().reasonCode(), outcome.failure().message());
  }

  /** Terminal failure: a FAILED result, and the original request to the dlq. */
  private void fail(String id, InFlight entry, RequestState state, String code, String message) {
    long now = context.currentSystemTimeMs();
    InferenceRequest request = entry.getRequest();
    emit(id, Results.failed(id, request, state, code, message, now));
    context.forward(
        new Record<String, Object>(
            id,
            requestSerde.encode(request),
            now,
            BallastHeaders.deadLetter(null, code, message, null, -1, -1, now)),
        names.dlqSink());
    metrics.deadLettered.increment();
    ledger.delete(id);
  }

  private void emit(String id, InferenceResult result) {
    long now = context.currentSystemTimeMs();
    context.forward(new Record<String, Object>(id, result, now), names.resultsSink());
    if (result.getStatus() == Status.SUCCEEDED) {
      metrics.succeeded.increment();
    } else if (result.getStatus() == Status.DEGRADED) {
      metrics.degraded.increment();
    } else {
      metrics.failed.increment();
    }
  }

  @Override
  public void close() {
    // Calls still running complete into a queue nobody drains; their permits are released then.
    generation++;
    if (punctuator != null) {
      punctuator.cancel();
      punctuator = null;
    }
  }
}
