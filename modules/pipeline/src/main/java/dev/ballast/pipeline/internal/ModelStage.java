package dev.ballast.pipeline.internal;

import dev.ballast.client.DeadLetterHeaders;
import dev.ballast.modelclient.exchange.ExchangeResult;
import dev.ballast.pipeline.ModelRouter;
import dev.ballast.pipeline.PipelineMetrics;
import dev.ballast.schemas.CachedAnswer;
import dev.ballast.schemas.InFlight;
import dev.ballast.schemas.Lane;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.apache.kafka.streams.processor.Cancellable;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The asynchronous model stage: many model calls in flight without a stream thread waiting on any
 * of them, and without losing one across crashes. Two instances run per task: the primary stage
 * (the route's first endpoint) and the fallback stage (the rest of the chain, fed by the fallback
 * topic).
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
 *   <li>The stream thread drains the queue (a wall-clock punctuator every millisecond while calls
 *       are out, and inside {@link #process}) in the loop that commits next under {@code
 *       exactly_once_v2}, at once otherwise ({@link ThreadPace}); {@link StageActions} carries out
 *       the recovery plan's decision: write the result, park the request in a delay topic, hand it
 *       to the fallback topic, call again, or fail it. Whatever it writes and the ledger update
 *       commit together under {@code exactly_once_v2}.
 *   <li>After a crash, a rebalance or a corrupted task, {@link #init} finds the ledger restored and
 *       re-issues its entries, at most a window's worth at a time. Completions of an earlier
 *       generation are discarded, so a re-issued call can repeat a model call but never a result.
 * </ol>
 *
 * <p>Thread ownership: every field is touched by the owning stream thread only, except {@link
 * #completions} (a concurrent queue written by client threads) and {@link #callsOut} (the calls not
 * yet ended, of this and earlier generations).
 */
public final class ModelStage implements Processor<String, InFlight, String, Object> {

  private static final Logger log = LoggerFactory.getLogger(ModelStage.class);

  /** How long {@link #process} waits for a window permit before it drains again. */
  private static final Duration DRAIN_INTERVAL = Duration.ofMillis(5);

  /** A finished exchange (or the defect that ended it), queued for the stream thread. */
  private record Completion(long generation, String id, ExchangeResult result, Throwable error) {}

  private final StageRole role;
  private final ModelRouter router;
  private final StageOutputs out;
  private final PipelineMetrics metrics;

  /** Where the stage reads cached answers; null when the cache is off. */
  private final Function<ProcessorContext<?, ?>, ReadOnlyKeyValueStore<String, CachedAnswer>>
      cacheReads;

  private final StageActions actions;
  private final long dedupRetentionMs;
  private final ConversationOrder order;
  private final PacedPunctuator drainer;
  private final ConcurrentLinkedQueue<Completion> completions = new ConcurrentLinkedQueue<>();
  private final Set<String> calling = new HashSet<>();
  private final ArrayDeque<String> pending = new ArrayDeque<>();
  private final AtomicInteger callsOut = new AtomicInteger();
  private final BooleanSupplier hasCallsOut = () -> callsOut.get() > 0;

  private ProcessorContext<String, Object> context;
  private ThreadPace thread;
  private Ledger ledger;
  private Cancellable purger;
  private long purgeEveryMs;
  private long ledgerReportDueMs;
  private long generation;
  private String storeKey;

  public ModelStage(
      StageRole role,
      ModelRouter router,
      StageOutputs out,
      PipelineMetrics metrics,
      Function<ProcessorContext<?, ?>, ReadOnlyKeyValueStore<String, CachedAnswer>> cacheReads,
      Duration cacheTtl,
      Duration dedupRetention,
      boolean orderConversations) {
    this.order = orderConversations && role != StageRole.FALLBACK ? new ConversationOrder() : null;
    this.dedupRetentionMs = dedupRetention.toMillis();
    this.role = role;
    this.router = router;
    this.out = out;
    this.metrics = metrics;
    this.cacheReads = cacheReads;
    this.drainer =
        new PacedPunctuator(
            router.pace(role == StageRole.BATCH ? Lane.BATCH : Lane.ONLINE),
            ThreadPace.DRAIN,
            now -> onTick());
    this.actions =
        new StageActions(role, router.gateway(), out, metrics, cacheReads != null, cacheTtl);
  }

  @Override
  public void init(ProcessorContext<String, Object> context) {
    this.context = context;
    this.storeKey = context.applicationId() + "/" + context.taskId() + "/" + role;
    this.ledger =
        new Ledger(
            context,
            out.names().ledgerStore(role),
            out.names().ledgerStore(role == StageRole.BATCH ? StageRole.BATCH : StageRole.PRIMARY),
            dedupRetentionMs);
    ReadOnlyKeyValueStore<String, CachedAnswer> cache =
        cacheReads == null ? null : cacheReads.apply(context);
    actions.bind(
        context,
        ledger,
        cache,
        new StageActions.Stage() {
          @Override
          public void relaunch(String id) {
            pending.add(id);
            keepDraining();
          }

          @Override
          public void left(String id) {
            // The next request of its conversation may go.
            String next = order == null ? null : order.release(id);
            if (next != null) {
              relaunch(next);
            }
          }
        });
    // init() may run again on the same instance when a corrupted task is revived: start afresh.
    generation++;
    completions.clear();
    calling.clear();
    pending.clear();
    if (order == null) {
      pending.addAll(ledger.servingIds());
    } else {
      pending.addAll(order.rebuild(ledger.serving()));
    }
    drainer.stop();
    if (!pending.isEmpty()) {
      log.info(
          "Task {} {}: re-issuing {} in-flight requests from the ledger",
          context.taskId(),
          role,
          pending.size());
      metrics.reissued.add(pending.size());
      keepDraining();
    }
    if (purger != null) {
      purger.cancel();
      purger = null;
    }
    if (ledger.purges()) {
      schedulePurge(Ledger.PURGE_INTERVAL.toMillis());
    }
    reportLedger(context.currentSystemTimeMs(), true);
  }

  @Override
  public void process(Record<String, InFlight> record) {
    String id = record.key();
    InFlight entry = record.value();
    long now = context.currentSystemTimeMs();
    // The fallback stage takes only requests other stages admitted; the batch stage only those the
    // batch gate admitted against the primary ledger: both check for copies in flight here only.
    boolean fresh = role == StageRole.PRIMARY && entry.getState().getCalls() == 0;
    boolean redriven = record.headers().lastHeader(DeadLetterHeaders.REDRIVEN_FROM) != null;
    if (ledger.seen(id, fresh && !redriven, now)) {
      metrics.duplicates.increment();
      log.debug("Request {} is in flight or was answered recently; duplicate ignored", id);
      return;
    }
    if (actions.refused(id, entry, now)) {
      return;
    }
    if (order != null && !order.admit(id, entry.getRequest().getConversationId())) {
      // An earlier request of the same conversation is being served: wait in the ledger.
      ledger.serving(id, entry);
      return;
    }
    acquireBlocking();
    ledger.serving(id, entry);
    start(id, entry);
    drain();
  }

  /**
   * Drains completions while calls are out (Streams commits after every wall-clock punctuation: an
   * idle pipeline commits nothing); {@link ThreadPace} ends the polls when they are due. Polls are
   * kept short only while requests wait to start, or off a paced stream thread.
   */
  private void keepDraining() {
    drainer.start(context, !pending.isEmpty() || thread == null);
  }

  private void onTick() {
    drain();
    while (!pending.isEmpty() && router.window().tryAcquire()) {
      String id = pending.poll();
      InFlight entry = ledger.inFlight(id);
      if (entry == null
          || calling.contains(id)
          || actions.refused(id, entry, context.currentSystemTimeMs())) {
        router.window().release();
        continue;
      }
      start(id, entry);
    }
    // No call out means no completion can arrive: nothing to wait for until the next record.
    long now = context.currentSystemTimeMs();
    if (calling.isEmpty() && pending.isEmpty()) {
      drainer.stop();
      reportLedger(now, true);
    } else {
      keepDraining();
      reportLedger(now, false);
    }
  }

  /** Waits for a window permit, draining this task's completions meanwhile. */
  private void acquireBlocking() {
    boolean waited =
        role == StageRole.BATCH
            ? router.window().acquireSpare(DRAIN_INTERVAL, this::drain)
            : router.window().acquire(DRAIN_INTERVAL, this::drain);
    if (waited) {
      metrics.windowWaits.increment();
    }
  }

  /** Starts a call; the caller holds a permit, released when the call ends. */
  private void start(String id, InFlight entry) {
    calling.add(id);
    callsOut.incrementAndGet();
    ThreadPace current = thread = ThreadPace.watchOnCurrent(thread, completions, hasCallsOut);
    keepDraining();
    long gen = generation;
    metrics.modelCalls.increment();
    router
        .call(entry.getRequest(), entry.getState())
        .whenComplete(
            (result, error) -> {
              router.window().release();
              callsOut.decrementAndGet();
              completions.add(new Completion(gen, id, result, error));
              if (current != null) {
                current.answered();
              }
            });
  }

  private void drain() {
    Completion c;
    while ((c = completions.poll()) != null) {
      if (c.generation() != generation) {
        continue;
      }
      calling.remove(c.id());
      InFlight entry = ledger.inFlight(c.id());
      if (entry == null) {
        continue;
      }
      actions.completed(c.id(), entry, c.result(), c.error());
    }
  }

  /**
   * Purges, then waits for the next purge that can find work: Kafka Streams commits a transaction
   * after every wall-clock punctuation, so a quiet ledger punctuated every interval made an idle
   * pipeline commit every few seconds.
   */
  private void purge(long now) {
    ledger.purge(now);
    reportLedger(now, true);
    long every = ledger.nextPurgeMs(now) - now;
    if (every != purgeEveryMs) {
      purger.cancel();
      schedulePurge(every);
    }
  }

  private void schedulePurge(long everyMs) {
    purgeEveryMs = everyMs;
    purger =
        context.schedule(Duration.ofMillis(everyMs), PunctuationType.WALL_CLOCK_TIME, this::purge);
  }

  /**
   * Reports the ledger's size to its gauge: at once when {@code now} is a change of state (a purge,
   * a task starting, the stage going idle), else at most once a purge interval while calls run.
   */
  private void reportLedger(long now, boolean force) {
    if (force || now >= ledgerReportDueMs) {
      metrics.stores().ledger(storeKey, ledger.approximateEntries());
      ledgerReportDueMs = now + Ledger.PURGE_INTERVAL.toMillis();
    }
  }

  @Override
  public void close() {
    if (context != null) {
      metrics.stores().withdraw(storeKey);
    }
    // Calls still running complete into a queue nobody drains; their permits are released then.
    generation++;
    drainer.stop();
    if (thread != null) {
      thread.unwatch(completions);
      thread = null;
    }
    if (purger != null) {
      purger.cancel();
      purger = null;
    }
  }
}
