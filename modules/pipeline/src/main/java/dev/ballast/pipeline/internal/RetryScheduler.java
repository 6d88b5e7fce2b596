package dev.ballast.pipeline.internal;

import dev.ballast.pipeline.PipelineMetrics;
import dev.ballast.schemas.AvroSerde;
import dev.ballast.schemas.InFlight;
import dev.ballast.schemas.InferenceRequest;
import dev.ballast.schemas.Lane;
import dev.ballast.schemas.ReasonCode;
import dev.ballast.schemas.RequestState;
import dev.ballast.schemas.UndecodableRecordException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings parked requests back when they are due, without sleeping and without holding them only in
 * memory. Records read from the delay-tier topics go into a changelogged store keyed by (due time,
 * request id); a wall-clock punctuator releases the due ones, in due order, to the stage their
 * state points at (primary or fallback). Reading a record, storing it and later releasing it each
 * commit atomically with the offsets, so a crash while parked loses nothing.
 *
 * <p>Runs on a stream thread only; one instance per task.
 */
public final class RetryScheduler implements Processor<byte[], byte[], String, Object> {

  private static final Logger log = LoggerFactory.getLogger(RetryScheduler.class);
  private static final Duration TICK = Duration.ofMillis(20);
  private static final int MAX_RELEASE_PER_TICK = 2000;

  private final AvroSerde<InferenceRequest> serde;
  private final TopologyNames names;
  private final PipelineMetrics metrics;
  private final PacedPunctuator ticking;
  private ProcessorContext<String, Object> context;
  private KeyValueStore<Bytes, InFlight> schedule;

  /**
   * @param pace the app's poll pace: busy while this task holds parked requests, so that its thread
   *     polls briefly and releases each within a tick of its due time
   */
  public RetryScheduler(
      AvroSerde<InferenceRequest> serde,
      TopologyNames names,
      PipelineMetrics metrics,
      PollPace pace) {
    this.serde = serde;
    this.names = names;
    this.metrics = metrics;
    this.ticking = new PacedPunctuator(pace, TICK, this::release);
  }

  @Override
  public void init(ProcessorContext<String, Object> context) {
    this.context = context;
    this.schedule = context.getStateStore(names.scheduleStore());
    stopTicking();
    try (KeyValueIterator<Bytes, InFlight> any = schedule.all()) {
      if (any.hasNext()) {
        tick();
      }
    }
    publish();
  }

  /**
   * Checks for due records every few milliseconds while any are parked, and keeps the thread's
   * polls short meanwhile. Streams commits after every wall-clock punctuation, so the punctuator
   * runs only while the schedule holds something.
   */
  private void tick() {
    ticking.start(context);
  }

  private void stopTicking() {
    ticking.stop();
  }

  @Override
  public void process(Record<byte[], byte[]> record) {
    String key = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
    String where = Rejections.where(context);
    try {
      InferenceRequest request = serde.decode(record.value(), where);
      RequestState state = StateHeaders.read(record.headers(), where);
      if (state == null) {
        state = RequestStates.initial(Lane.ONLINE, context.currentSystemTimeMs(), 0);
      }
      long due = state.getDueMs() == null ? context.currentSystemTimeMs() : state.getDueMs();
      schedule.put(key(due, request.getId()), new InFlight(request, state));
      tick();
      publish();
    } catch (UndecodableRecordException e) {
      log.warn("Dead-lettering an undecodable parked record: {}", e.getMessage());
      Rejections.reject(
          context, names, record, key, null, ReasonCode.UNDECODABLE_REQUEST, e.getMessage());
      metrics.deadLetter(ReasonCode.UNDECODABLE_REQUEST);
    }
  }

  private void release(long now) {
    int released = 0;
    try (KeyValueIterator<Bytes, InFlight> due = schedule.range(key(0, ""), key(now, "\uffff"))) {
      while (due.hasNext() && released < MAX_RELEASE_PER_TICK) {
        KeyValue<Bytes, InFlight> kv = due.next();
        InFlight entry = kv.value;
        schedule.delete(kv.key);
        String stage =
            entry.getState().getChainIndex() == 0
                ? names.stage(StageRole.PRIMARY)
                : names.stage(StageRole.FALLBACK);
        RequestState state = RequestState.newBuilder(entry.getState()).setDueMs(null).build();
        context.forward(
            new Record<String, Object>(
                entry.getRequest().getId(), new InFlight(entry.getRequest(), state), now),
            stage);
        released++;
      }
    }
    try (KeyValueIterator<Bytes, InFlight> any = schedule.all()) {
      if (!any.hasNext()) {
        stopTicking();
      }
    }
    publish();
  }

  /** Tells the gauges how many requests this task holds parked and when the earliest is due. */
  private void publish() {
    try (KeyValueIterator<Bytes, InFlight> first = schedule.all()) {
      long earliest = first.hasNext() ? ByteBuffer.wrap(first.next().key.get()).getLong() : 0;
      metrics.stores().schedule(storeKey(), schedule.approximateNumEntries(), earliest);
    }
  }

  private String storeKey() {
    return context.applicationId() + "/" + context.taskId() + "/schedule";
  }

  @Override
  public void close() {
    stopTicking();
    if (context != null) {
      metrics.stores().withdraw(storeKey());
    }
  }

  /** Big-endian due time, then the id: byte order is due order. */
  static Bytes key(long dueMs, String id) {
    byte[] idBytes = id.getBytes(StandardCharsets.UTF_8);
    return Bytes.wrap(
        ByteBuffer.allocate(Long.BYTES + idBytes.length).putLong(dueMs).put(idBytes).array());
  }
}
