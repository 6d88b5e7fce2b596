package dev.ballast.pipeline.internal;

import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The request ids a task has answered recently (a changelogged store: id to answer time), so a
 * request arriving again gets no second result. Old ids are purged a slice at a time, so a purge
 * never stalls the stream thread. Stream-thread confined.
 */
final class AnsweredIds {

  private static final int PURGE_SLICE = 5_000;

  private final KeyValueStore<String, Long> store;
  private final long retentionMs;
  private String cursor;

  AnsweredIds(ProcessorContext<?, ?> context, String storeName, long retentionMs) {
    this.store = retentionMs > 0 ? context.getStateStore(storeName) : null;
    this.retentionMs = retentionMs;
  }

  /** Whether {@code id} was answered within the retention. */
  boolean contains(String id, long nowMs) {
    if (store == null) {
      return false;
    }
    Long at = store.get(id);
    return at != null && nowMs - at < retentionMs;
  }

  void add(String id, long nowMs) {
    if (store != null) {
      store.put(id, nowMs);
    }
  }

  /** Deletes up to a slice of expired ids, continuing where the last purge stopped. */
  void purge(long nowMs) {
    if (store == null) {
      return;
    }
    int seen = 0;
    String last = null;
    try (KeyValueIterator<String, Long> it =
        cursor == null ? store.all() : store.range(cursor, null)) {
      while (it.hasNext() && seen < PURGE_SLICE) {
        KeyValue<String, Long> kv = it.next();
        last = kv.key;
        seen++;
        if (nowMs - kv.value >= retentionMs) {
          store.delete(kv.key);
        }
      }
      cursor = it.hasNext() ? last : null;
    }
  }
}
