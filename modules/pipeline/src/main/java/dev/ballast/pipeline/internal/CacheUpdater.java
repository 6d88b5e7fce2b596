package dev.ballast.pipeline.internal;

import dev.ballast.schemas.CachedAnswer;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Keeps the global answer cache in step with the cache topic; runs on the global stream thread, so
 * every task of every instance reads the same cache.
 */
public final class CacheUpdater implements Processor<String, CachedAnswer, Void, Void> {

  private final String storeName;
  private KeyValueStore<String, CachedAnswer> store;

  public CacheUpdater(String storeName) {
    this.storeName = storeName;
  }

  @Override
  public void init(ProcessorContext<Void, Void> context) {
    this.store = context.getStateStore(storeName);
  }

  @Override
  public void process(Record<String, CachedAnswer> record) {
    if (record.key() == null) {
      return;
    }
    if (record.value() == null) {
      store.delete(record.key());
    } else {
      store.put(record.key(), record.value());
    }
  }
}
