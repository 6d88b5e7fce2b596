package dev.ballast.pipeline.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ballast.modelclient.Credentials;
import dev.ballast.modelclient.Endpoint;
import dev.ballast.modelclient.Provider;
import dev.ballast.pipeline.BallastConfig;
import dev.ballast.pipeline.ConfigException;
import dev.ballast.pipeline.ConfigKeys;
import dev.ballast.pipeline.EndpointConfig;
import dev.ballast.pipeline.RouteConfig;
import dev.ballast.testkit.Await;
import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.function.BooleanSupplier;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.CompactionStyle;
import org.rocksdb.Options;

/**
 * Issue 13: the global answer cache is bounded (FIFO compaction, by age and by size) and never
 * merged; every other store keeps Kafka Streams' settings; a user's setter still runs.
 */
class RocksDbSettingsTest {

  private static final String CACHE = new TopologyNames().cacheStore();
  private static final Duration AWAIT = Duration.ofSeconds(60);
  private static final int CHUNK_BYTES = 64 << 10;
  private static final int ANSWER_BYTES = 1 << 10;

  @TempDir Path stateDir;

  private final List<KeyValueStore<String, byte[]>> opened = new ArrayList<>();

  @AfterEach
  void closeStores() {
    opened.forEach(KeyValueStore::close);
  }

  private static BallastConfig.Builder smallMemtables() {
    return config().stream(
        StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, SmallMemtables.class.getName());
  }

  private static BallastConfig.Builder config() {
    return BallastConfig.builder()
        .put(ConfigKeys.BOOTSTRAP_SERVERS, "unused:9092")
        .route(
            new RouteConfig(
                "default",
                List.of(
                    new EndpointConfig(
                        new Endpoint(Provider.BEDROCK, "model", "us-east-1", null),
                        Credentials.NONE))));
  }

  @Test
  void shouldGiveTheAnswerCacheFifoCompactionWithTheCacheLimits() {
    // given the settings of cache.ttl 90.5 s and cache.max.bytes 5 MiB
    Properties p =
        StreamsSettings.properties(
            config()
                .put(ConfigKeys.CACHE_TTL, "90500ms")
                .put(ConfigKeys.CACHE_MAX_BYTES, 5L << 20)
                .build());
    assertThat(p.get(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG))
        .isEqualTo(RocksDbSettings.class.getName());

    try (Options cache = new Options();
        Options ledger = new Options().setCompactionStyle(CompactionStyle.UNIVERSAL)) {
      // when
      RocksDbSettings forCache = new RocksDbSettings();
      forCache.setConfig(CACHE, cache, asMap(p));
      RocksDbSettings forLedger = new RocksDbSettings();
      forLedger.setConfig("inflight-ledger", ledger, asMap(p));

      // then the cache drops whole files by age (rounded up to seconds) and size, never merging
      assertThat(cache.compactionStyle()).isEqualTo(CompactionStyle.FIFO);
      assertThat(cache.ttl()).isEqualTo(91);
      assertThat(cache.compactionOptionsFIFO().maxTableFilesSize()).isEqualTo(5L << 20);
      assertThat(cache.compactionOptionsFIFO().allowCompaction()).isFalse();
      // and another store is left as Kafka Streams set it
      assertThat(ledger.compactionStyle()).isEqualTo(CompactionStyle.UNIVERSAL);
      forCache.close(CACHE, cache);
      forLedger.close("inflight-ledger", ledger);
    }
  }

  @Test
  void shouldRoundTheTimeToLiveUpToWholeSeconds() {
    assertThat(RocksDbSettings.ttlSeconds(1)).isEqualTo(1);
    assertThat(RocksDbSettings.ttlSeconds(1_000)).isEqualTo(1);
    assertThat(RocksDbSettings.ttlSeconds(1_001)).isEqualTo(2);
    assertThat(RocksDbSettings.ttlSeconds(Duration.ofHours(1).toMillis())).isEqualTo(3_600);
  }

  /** Records the stores it saw; sets level compaction everywhere. */
  public static final class UserSetter implements RocksDBConfigSetter {
    static final List<String> CALLS = new ArrayList<>();

    @Override
    public void setConfig(String storeName, Options options, Map<String, Object> configs) {
      CALLS.add("set " + storeName);
      options.setCompactionStyle(CompactionStyle.LEVEL);
    }

    @Override
    public void close(String storeName, Options options) {
      CALLS.add("close " + storeName);
    }
  }

  /**
   * Flushes a memtable every 64 KiB, so that a test sees many files; keeps at most 100 files open,
   * as memory-bounding setters often do.
   */
  public static final class SmallMemtables implements RocksDBConfigSetter {
    @Override
    public void setConfig(String storeName, Options options, Map<String, Object> configs) {
      options.setWriteBufferSize(CHUNK_BYTES);
      options.setMaxOpenFiles(100);
    }

    @Override
    public void close(String storeName, Options options) {}
  }

  @Test
  void shouldRunTheUsersSetterFirstForEveryStore() {
    // given a user's own setter
    UserSetter.CALLS.clear();
    Properties p =
        StreamsSettings.properties(
            config().stream(
                    StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, UserSetter.class.getName())
                .build());

    try (Options cache = new Options();
        Options ledger = new Options()) {
      // when both stores open and close
      RocksDbSettings forCache = new RocksDbSettings();
      forCache.setConfig(CACHE, cache, asMap(p));
      RocksDbSettings forLedger = new RocksDbSettings();
      forLedger.setConfig("inflight-ledger", ledger, asMap(p));
      forCache.close(CACHE, cache);
      forLedger.close("inflight-ledger", ledger);

      // then the user's setter saw both; its choice stands except for the cache's compaction
      assertThat(UserSetter.CALLS)
          .containsExactly(
              "set " + CACHE, "set inflight-ledger", "close " + CACHE, "close inflight-ledger");
      assertThat(ledger.compactionStyle()).isEqualTo(CompactionStyle.LEVEL);
      assertThat(cache.compactionStyle()).isEqualTo(CompactionStyle.FIFO);
    }
  }

  @Test
  void shouldRejectAUserSetterThatCannotBeUsedWhenTheConfigurationIsBuilt() {
    assertThatThrownBy(
            () ->
                config().source("ballast.yaml").stream(
                        StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, "com.example.Missing")
                    .build())
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "ballast.yaml: 'streams.rocksdb.config.setter' class 'com.example.Missing' is not on"
                + " the class path");
    assertThatThrownBy(
            () ->
                config().source("ballast.yaml").stream(
                        StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, String.class.getName())
                    .build())
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "ballast.yaml: 'streams.rocksdb.config.setter' class 'java.lang.String' does not"
                + " implement org.apache.kafka.streams.state.RocksDBConfigSetter");
  }

  @Test
  void shouldDropTheOldestAnswersWhenTheCacheOutgrowsItsLimit() {
    // given the answer cache's store, limited to 1 MiB
    KeyValueStore<String, byte[]> cache =
        open(smallMemtables().put(ConfigKeys.CACHE_MAX_BYTES, 1L << 20).build(), CACHE, "limited");

    // when 3 MiB of answers are written, a memtable flushed every 64 KiB
    writeChunks(cache, 0, 48);

    // then the oldest files go and the newest answers stay
    await(() -> cache.get(key(0, 0)) == null, "the first chunk to be dropped");
    assertThat(cache.get(key(47, 0))).isNotNull();
    await(() -> sstBytes("limited") <= (1L << 20) + 4L * CHUNK_BYTES, "the files to shrink");
  }

  @Test
  void shouldKeepEveryAnswerOfAnotherStoreThatOutgrowsTheCacheLimit() {
    // given another store and the answer cache under the same settings
    BallastConfig config = smallMemtables().put(ConfigKeys.CACHE_MAX_BYTES, 1L << 20).build();
    KeyValueStore<String, byte[]> other = open(config, "inflight-ledger", "other");
    KeyValueStore<String, byte[]> cache = open(config, CACHE, "cache");

    // when 3 MiB are written to each, the other store first, and the cache has dropped its oldest
    writeChunks(other, 0, 48);
    writeChunks(cache, 0, 48);
    await(() -> cache.get(key(0, 0)) == null, "the cache's first chunk to be dropped");

    // then nothing of the other store is dropped
    for (int c = 0; c < 48; c++) {
      assertThat(other.get(key(c, 0))).as("chunk %d", c).isNotNull();
    }
  }

  @Test
  void shouldDropAnswersOlderThanTheTimeToLive() {
    // given an answer cache whose answers live one second
    KeyValueStore<String, byte[]> cache =
        open(smallMemtables().put(ConfigKeys.CACHE_TTL, "1s").build(), CACHE, "expiring");
    writeChunks(cache, 0, 2);

    // when answers keep arriving (a flush is what makes RocksDB look for expired files)
    int[] next = {2};
    await(
        () -> {
          writeChunks(cache, next[0]++, 1);
          return cache.get(key(0, 0)) == null;
        },
        "the first answer to expire");

    // then the first answers are gone and the latest are served
    assertThat(cache.get(key(next[0] - 1, 0))).isNotNull();
  }

  private KeyValueStore<String, byte[]> open(BallastConfig config, String store, String dir) {
    Properties p = StreamsSettings.properties(config);
    MockProcessorContext<Object, Object> context =
        new MockProcessorContext<>(p, new TaskId(0, 0), stateDir.resolve(dir).toFile());
    KeyValueStore<String, byte[]> s =
        Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(store), Serdes.String(), Serdes.ByteArray())
            .withLoggingDisabled()
            .withCachingDisabled()
            .build();
    s.init(context.getStateStoreContext(), s);
    opened.add(s);
    return s;
  }

  /** Writes chunks {@code first} to {@code first + count - 1}, each 64 KiB of 1 KiB answers. */
  private static void writeChunks(KeyValueStore<String, byte[]> store, int first, int count) {
    Random random = new Random(first);
    for (int c = first; c < first + count; c++) {
      for (int i = 0; i < CHUNK_BYTES / ANSWER_BYTES; i++) {
        byte[] answer = new byte[ANSWER_BYTES];
        random.nextBytes(answer); // incompressible
        store.put(key(c, i), answer);
      }
    }
  }

  private static String key(int chunk, int i) {
    return String.format("chunk-%04d-answer-%04d", chunk, i);
  }

  /** Bytes in the store's table files; RocksDB may drop one while they are listed. */
  private long sstBytes(String dir) {
    File[] files = stateDir.resolve(dir).resolve("rocksdb").resolve(CACHE).toFile().listFiles();
    long bytes = 0;
    for (File f : files == null ? new File[0] : files) {
      if (f.getName().endsWith(".sst")) {
        bytes += f.length(); // 0 once dropped
      }
    }
    return bytes;
  }

  private static void await(BooleanSupplier condition, String what) {
    Await.until(AWAIT, what, condition);
  }

  private static Map<String, Object> asMap(Properties p) {
    Map<String, Object> m = new HashMap<>();
    p.forEach((k, v) -> m.put(k.toString(), v));
    return m;
  }
}
