package dev.ballast.pipeline.internal;

import java.util.Map;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.CompactionOptionsFIFO;
import org.rocksdb.CompactionStyle;
import org.rocksdb.Options;

/**
 * Kafka Streams' {@code rocksdb.config.setter} for Ballast. It gives the global answer cache FIFO
 * compaction: the cache is written once per answer and read only when a model fails. Under the
 * default universal compaction it would be merged again and again as it grows, and nothing would
 * ever delete from it.
 *
 * <p>Under FIFO compaction RocksDB never merges the store's files. It drops the oldest whole file
 * once every answer in it is older than {@code cache.ttl} (RocksDB's {@code ttl}, whole seconds,
 * rounded up), or once the files together exceed {@code cache.max.bytes} (RocksDB's {@code
 * compaction_options_fifo.max_table_files_size}). So the cache stays bounded on disk at a cost per
 * answer of one memtable insert and its share of one flush. Readers still check an answer's age,
 * since a file is dropped only once its newest answer has expired. Source: RocksDB wiki, "FIFO
 * compaction style".
 *
 * <p>Every other store keeps Kafka Streams' defaults. A setter the user configured ({@code
 * streams.rocksdb.config.setter}) is moved to {@link #USER_SETTER_CONFIG} by {@link
 * StreamsSettings} and runs first for every store; the answer cache's compaction is applied after
 * it.
 *
 * <p>Instantiated by Kafka Streams, one instance per store; used by one thread at a time.
 */
public final class RocksDbSettings implements RocksDBConfigSetter {

  /** Streams property: the answer cache's time to live, milliseconds; set by Ballast. */
  public static final String CACHE_TTL_MS_CONFIG = "ballast.cache.ttl.ms";

  /** Streams property: the answer cache's size limit on disk, bytes; set by Ballast. */
  public static final String CACHE_MAX_BYTES_CONFIG = "ballast.cache.max.bytes";

  /** Streams property: the user's own {@link RocksDBConfigSetter} class, or absent. */
  public static final String USER_SETTER_CONFIG = "ballast.rocksdb.config.setter";

  private static final String CACHE_STORE = new TopologyNames().cacheStore();

  private RocksDBConfigSetter user;
  private CompactionOptionsFIFO fifo;

  @Override
  public void setConfig(String storeName, Options options, Map<String, Object> configs) {
    Object userSetter = configs.get(USER_SETTER_CONFIG);
    if (userSetter != null) {
      user = instantiate(userSetter);
      user.setConfig(storeName, options, configs);
    }
    if (CACHE_STORE.equals(storeName)) {
      long ttlMs = longOf(configs, CACHE_TTL_MS_CONFIG);
      long maxBytes = longOf(configs, CACHE_MAX_BYTES_CONFIG);
      fifo = new CompactionOptionsFIFO().setMaxTableFilesSize(maxBytes).setAllowCompaction(false);
      options.setCompactionStyle(CompactionStyle.FIFO);
      options.setCompactionOptionsFIFO(fifo);
      options.setTtl(ttlSeconds(ttlMs));
      // RocksDB refuses to open a FIFO store with a ttl unless it keeps every file open ("FIFO
      // compaction only supported with max_open_files = -1"), whatever a user's setter chose for
      // the other stores; the cache's files are bounded by cache.max.bytes.
      options.setMaxOpenFiles(-1);
    }
  }

  @Override
  public void close(String storeName, Options options) {
    if (user != null) {
      user.close(storeName, options);
    }
    if (fifo != null) {
      fifo.close();
    }
  }

  /** RocksDB's {@code ttl} for a time to live of {@code ttlMs}: whole seconds, rounded up. */
  static long ttlSeconds(long ttlMs) {
    return Math.max(1, (ttlMs + 999) / 1000);
  }

  private static long longOf(Map<String, Object> configs, String key) {
    Object v = configs.get(key);
    if (v == null) {
      throw new IllegalStateException("Streams property " + key + " is missing (set by Ballast)");
    }
    return Long.parseLong(v.toString());
  }

  private static RocksDBConfigSetter instantiate(Object setter) {
    try {
      return Utils.newInstance(
          Utils.loadClass(setter.toString().strip(), RocksDBConfigSetter.class));
    } catch (ClassNotFoundException e) {
      // checked when the configuration was built (StreamsSettings.validate)
      throw new IllegalStateException("streams.rocksdb.config.setter: " + setter, e);
    }
  }
}
