package dev.ballast.pipeline.internal;

import dev.ballast.schemas.CachedAnswer;
import java.util.Objects;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * The online lane's answer cache as the batch lane's app reads it, through Kafka Streams'
 * interactive queries ({@link KafkaStreams#store}): an instance keeps one global store of the cache
 * topic, fed by one global thread, instead of one per app.
 *
 * <p>{@link #get} finds nothing while the online app cannot serve the store (not started yet,
 * restoring it, shutting down): the batch request is then served as if nothing were cached. The
 * other methods throw Kafka Streams' {@link InvalidStateStoreException} then.
 *
 * <p>Thread-safe.
 */
public final class OnlineAnswerCache implements ReadOnlyKeyValueStore<String, CachedAnswer> {

  private final KafkaStreams online;
  private final StoreQueryParameters<ReadOnlyKeyValueStore<String, CachedAnswer>> query;
  private volatile ReadOnlyKeyValueStore<String, CachedAnswer> store;

  /**
   * @param online the online lane's app, whose topology has the global store
   * @param storeName the global store's name ({@link TopologyNames#cacheStore()})
   */
  public OnlineAnswerCache(KafkaStreams online, String storeName) {
    this.online = Objects.requireNonNull(online, "online");
    this.query =
        StoreQueryParameters.fromNameAndType(
            Objects.requireNonNull(storeName, "storeName"), QueryableStoreTypes.keyValueStore());
  }

  /** The cached answer of {@code fingerprint}; null when none, or when the store is not served. */
  @Override
  public CachedAnswer get(String fingerprint) {
    try {
      return store().get(fingerprint);
    } catch (InvalidStateStoreException notServedNow) {
      store = null;
      return null;
    }
  }

  @Override
  public KeyValueIterator<String, CachedAnswer> range(String from, String to) {
    return store().range(from, to);
  }

  @Override
  public KeyValueIterator<String, CachedAnswer> all() {
    return store().all();
  }

  @Override
  public long approximateNumEntries() {
    return store().approximateNumEntries();
  }

  private ReadOnlyKeyValueStore<String, CachedAnswer> store() {
    ReadOnlyKeyValueStore<String, CachedAnswer> s = store;
    if (s == null) {
      // Kafka Streams' handle finds the store again on each read and throws while it is not served.
      s = online.store(query);
      store = s;
    }
    return s;
  }
}
