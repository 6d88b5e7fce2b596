package dev.ballast.pipeline.internal;

import dev.ballast.pipeline.ConfigException;
import dev.ballast.pipeline.ConfigKeys;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.state.RocksDBConfigSetter;

/**
 * Kafka Streams settings: Ballast's defaults, the pass-through section, and the checks that keep
 * the two consistent. The one place that decides how Streams is configured.
 */
public final class StreamsSettings {

  /**
   * Streams keys Ballast sets from its own keys; setting them under {@code streams} is an error.
   */
  private static final Map<String, String> OWNED =
      Map.of(
          StreamsConfig.APPLICATION_ID_CONFIG, ConfigKeys.APPLICATION_ID,
          StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, ConfigKeys.BOOTSTRAP_SERVERS,
          StreamsConfig.PROCESSING_GUARANTEE_CONFIG, ConfigKeys.PROCESSING_GUARANTEE,
          StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, ConfigKeys.COMMIT_INTERVAL,
          StreamsConfig.STATE_DIR_CONFIG, ConfigKeys.STATE_DIR,
          StreamsConfig.NUM_STREAM_THREADS_CONFIG, ConfigKeys.STREAM_THREADS);

  private static final String TX_TIMEOUT = "producer." + ProducerConfig.TRANSACTION_TIMEOUT_CONFIG;
  private static final String MAX_POLL = "consumer." + ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG;

  /** Default transaction timeout: above the default stage timeout with room to spare. */
  static final Duration DEFAULT_TX_TIMEOUT = Duration.ofMinutes(3);

  private static final Duration DEFAULT_MAX_POLL = Duration.ofMinutes(5);

  /**
   * Kafka Streams' {@code poll.ms}: how long an idle stream thread waits in a poll; also the
   * broker's longest wait before it answers a fetch that finds no records ({@code
   * fetch.max.wait.ms}) for the main and the global consumers.
   */
  static final Duration IDLE_POLL = Duration.ofSeconds(1);

  private StreamsSettings() {}

  /** Ballast's Streams properties, pass-through settings last. */
  public static Properties properties(ConfigView config) {
    Properties p = new Properties();
    p.put(StreamsConfig.APPLICATION_ID_CONFIG, config.applicationId());
    p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
    p.put(
        StreamsConfig.PROCESSING_GUARANTEE_CONFIG, config.string(ConfigKeys.PROCESSING_GUARANTEE));
    p.put(
        StreamsConfig.COMMIT_INTERVAL_MS_CONFIG,
        Long.toString(config.duration(ConfigKeys.COMMIT_INTERVAL).toMillis()));
    p.put(StreamsConfig.STATE_DIR_CONFIG, config.string(ConfigKeys.STATE_DIR));
    p.put(
        StreamsConfig.NUM_STREAM_THREADS_CONFIG,
        Integer.toString(config.intValue(ConfigKeys.STREAM_THREADS)));
    p.put(
        StreamsConfig.REPLICATION_FACTOR_CONFIG,
        Integer.toString(config.intValue(ConfigKeys.TOPIC_REPLICATION_FACTOR)));
    // A thread waits this long in a poll (a record that arrives ends the poll at once); while
    // requests are parked or wait for room to start PollPace makes it at most 10 ms, so that they
    // are released soon after they are due; under exactly-once output written or calls out end it
    // when the next commit is due, otherwise a completed call ends it at once (ThreadPace,
    // PacedClientSupplier). So an idle thread wakes once a second, for its poll's end and for the
    // broker's empty answer to its fetch, which Kafka's default fetch wait (500 ms) would bring
    // twice: a third of an idle pipeline's CPU, compilers aside (bench results 2026-12-02). A
    // record that arrives ends both waits at once; the longer fetch wait delays the first fetch of
    // a partition a rebalance moves here by up to a second. A closing app ends its polls at once.
    p.put(StreamsConfig.POLL_MS_CONFIG, Long.toString(IDLE_POLL.toMillis()));
    p.put(
        StreamsConfig.mainConsumerPrefix(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG),
        Long.toString(IDLE_POLL.toMillis()));
    p.put(
        StreamsConfig.globalConsumerPrefix(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG),
        Long.toString(IDLE_POLL.toMillis()));
    // A state updater takes each task's changelogs as the task initializes and, before restoring
    // them, asks the restore consumer for their positions (Kafka Streams 4.4, StoreChangelogReader
    // .prepareChangelogs). The broker answers one request of a connection at a time, so that
    // answer waits behind the restore consumer's fetch of the changelogs before, which the broker
    // holds for fetch.max.wait.ms when they are empty: 500 ms for every wave of tasks after the
    // first, a second of each start (bench results 2026-12-02). Without standby replicas a restore
    // consumer fetches only while tasks restore, so its wait can be short; standby replicas keep
    // Kafka's default, as they fetch for as long as the app runs.
    if (standbyReplicas(config) == 0) {
      p.put(
          StreamsConfig.restoreConsumerPrefix(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG),
          Long.toString(PollPace.BUSY.toMillis()));
    }
    // A task reads the request, fallback and delay-tier topics of its partition; they need no
    // ordering among each other, so a task processes whatever it has buffered instead of first
    // checking, on every loop, whether another of its partitions has data still to fetch (Kafka
    // Streams' PartitionGroup formats a log line per empty partition for that check).
    p.put(
        StreamsConfig.MAX_TASK_IDLE_MS_CONFIG,
        Long.toString(StreamsConfig.MAX_TASK_IDLE_MS_DISABLED));
    // Under exactly-once a record is visible only when its transaction commits, and every commit
    // flushes the producer first, waiting for the acknowledgement of whatever still lingers. So
    // linger a quarter of the commit interval: records are batched (a few produce requests per
    // partition and commit), and most are acknowledged before the commit starts, which then waits
    // only for the last ones (a 10 ms interval: 0.8-1.0 ms flushing instead of 1.6, bench NOTES of
    // 2026-12-02). Otherwise send at once.
    long commitMs = config.duration(ConfigKeys.COMMIT_INTERVAL).toMillis();
    boolean exactlyOnce =
        !StreamsConfig.AT_LEAST_ONCE.equals(config.string(ConfigKeys.PROCESSING_GUARANTEE));
    p.put(
        "producer." + ProducerConfig.LINGER_MS_CONFIG,
        Long.toString(exactlyOnce ? Math.max(2, commitMs / 4) : 2));
    // Right after a commit the broker answers CONCURRENT_TRANSACTIONS until its markers are
    // written (a few ms); the default 100 ms backoff would add that much to every result.
    p.put("producer." + ProducerConfig.RETRY_BACKOFF_MS_CONFIG, "5");
    p.put("producer." + ProducerConfig.RETRY_BACKOFF_MAX_MS_CONFIG, "100");
    p.put(TX_TIMEOUT, Long.toString(DEFAULT_TX_TIMEOUT.toMillis()));
    p.put(MAX_POLL, Long.toString(DEFAULT_MAX_POLL.toMillis()));
    p.put("processing.exception.handler.global.enabled", "true");
    // A record that cannot be sent becomes a FAILED result instead of killing the stream thread.
    p.put(
        StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG,
        SendFailureHandler.class.getName());
    p.put(SendFailureHandler.TOPIC_PREFIX_CONFIG, config.string(ConfigKeys.TOPIC_PREFIX));
    p.putAll(config.streamsOverrides());
    // Ballast's RocksDB settings (the answer cache's compaction); a setter of the user's runs
    // first.
    Object userSetter = p.remove(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG);
    if (userSetter != null) {
      p.put(RocksDbSettings.USER_SETTER_CONFIG, userSetter);
    }
    p.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, RocksDbSettings.class.getName());
    p.put(
        RocksDbSettings.CACHE_TTL_MS_CONFIG,
        Long.toString(config.duration(ConfigKeys.CACHE_TTL).toMillis()));
    p.put(
        RocksDbSettings.CACHE_MAX_BYTES_CONFIG,
        Long.toString(config.longValue(ConfigKeys.CACHE_MAX_BYTES)));
    return p;
  }

  private static long standbyReplicas(ConfigView config) {
    String v = config.streamsOverrides().get(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG);
    return v == null
        ? 0
        : parseLong(
            v, StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, "a whole number", config.source());
  }

  /**
   * Bytes Ballast keeps free in every record it writes for a request, beyond the request itself:
   * the state header (attempts, degradations, last error) and the reason headers of a dead letter.
   */
  public static final int RECORD_RESERVE_BYTES = 64 * 1024;

  /**
   * The largest request (encoded) Ballast accepts: what the Streams producer sends in one record
   * ({@code producer.max.request.size}, else {@code max.request.size}, else Kafka's 1 MiB default)
   * less {@link #RECORD_RESERVE_BYTES}, so every record written for it (ledger, delay tier,
   * fallback, dead letter) fits.
   */
  public static int maxRequestBytes(ConfigView config) {
    Map<String, String> s = config.streamsOverrides();
    String v =
        s.getOrDefault(
            "producer." + ProducerConfig.MAX_REQUEST_SIZE_CONFIG,
            s.getOrDefault(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, "1048576"));
    long max = parseLong(v, ProducerConfig.MAX_REQUEST_SIZE_CONFIG, "bytes", config.source());
    return (int) Math.max(1024, max - RECORD_RESERVE_BYTES);
  }

  /**
   * The admin client's settings: the bootstrap servers, then every pass-through setting an admin
   * client knows (security settings included), {@code admin.}-prefixed ones winning.
   */
  public static Map<String, Object> adminProperties(ConfigView config) {
    Map<String, Object> admin = new HashMap<>();
    admin.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
    config.streamsOverrides().entrySet().stream()
        .sorted(Map.Entry.comparingByKey(Comparator.comparing(k -> k.startsWith("admin."))))
        .forEach(e -> admin.put(e.getKey().replaceFirst("^admin\\.", ""), e.getValue()));
    admin.keySet().retainAll(AdminClientConfig.configNames());
    return admin;
  }

  /**
   * The batch lane's Streams settings: the main app's, as its own app ({@code
   * <application.id>-batch}) with {@code batch.stream.threads} threads and its own static member
   * ids.
   */
  public static Properties batchProperties(ConfigView config) {
    Properties batch = properties(config);
    batch.put(StreamsConfig.APPLICATION_ID_CONFIG, config.applicationId() + "-batch");
    batch.put(
        StreamsConfig.NUM_STREAM_THREADS_CONFIG,
        Integer.toString(config.intValue(ConfigKeys.BATCH_THREADS)));
    for (String key :
        List.of(
            "group.instance.id", "consumer.group.instance.id", "main.consumer.group.instance.id")) {
      if (batch.containsKey(key)) {
        batch.put(key, batch.getProperty(key) + "-batch");
      }
    }
    return batch;
  }

  /**
   * Checks that the stage timeout stays below the transaction timeout and the poll interval: a
   * stream thread may wait that long for room in the in-flight window.
   */
  public static void validate(ConfigView config) {
    Duration stage = config.duration(ConfigKeys.STAGE_TIMEOUT);
    Duration call = config.duration(ConfigKeys.CALL_TIMEOUT);
    if (call.compareTo(stage) > 0) {
      throw new ConfigException(
          ConfigKeys.CALL_TIMEOUT,
          config.source()
              + ": "
              + ConfigKeys.CALL_TIMEOUT
              + " ("
              + call.toMillis()
              + " ms) must not exceed "
              + ConfigKeys.STAGE_TIMEOUT
              + " ("
              + stage.toMillis()
              + " ms)");
    }
    checkSetter(config);
    Properties p = properties(config);
    for (String key : new String[] {TX_TIMEOUT, MAX_POLL}) {
      long limit = parseMillis(p.getProperty(key), key, config.source());
      if (stage.toMillis() >= limit) {
        throw new ConfigException(
            ConfigKeys.STAGE_TIMEOUT,
            config.source()
                + ": "
                + ConfigKeys.STAGE_TIMEOUT
                + " ("
                + stage.toMillis()
                + " ms) must be below streams."
                + key
                + " ("
                + limit
                + " ms): a stream thread waiting that long for the in-flight window would be"
                + " fenced");
      }
    }
  }

  /**
   * Checks that a RocksDB config setter the user named ({@code streams.rocksdb.config.setter}) is a
   * {@link RocksDBConfigSetter} with a public no-argument constructor: it is loaded only when a
   * store opens, on a stream thread.
   */
  private static void checkSetter(ConfigView config) {
    String name = config.streamsOverrides().get(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG);
    if (name == null) {
      return;
    }
    String key = "streams." + StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG;
    String problem;
    try {
      Class<?> c = Class.forName(name.strip(), false, StreamsSettings.class.getClassLoader());
      if (!RocksDBConfigSetter.class.isAssignableFrom(c)) {
        problem = "does not implement " + RocksDBConfigSetter.class.getName();
      } else {
        c.getConstructor();
        return;
      }
    } catch (ClassNotFoundException e) {
      problem = "is not on the class path";
    } catch (NoSuchMethodException e) {
      problem = "has no public no-argument constructor";
    }
    throw new ConfigException(
        key, config.source() + ": '" + key + "' class '" + name.strip() + "' " + problem);
  }

  /**
   * Rejects pass-through keys Kafka does not know and keys Ballast owns.
   *
   * @throws ConfigException naming the key
   */
  public static void checkKnown(String key, String source) {
    if (OWNED.containsKey(key)) {
      throw new ConfigException(
          "streams." + key,
          source
              + ": 'streams."
              + key
              + "' is set by Ballast; use the key '"
              + OWNED.get(key)
              + "' instead");
    }
    String bare = key;
    Set<String> known = StreamsConfig.configDef().names();
    for (String prefix :
        new String[] {"main.consumer.", "restore.consumer.", "global.consumer.", "consumer."}) {
      if (key.startsWith(prefix)) {
        bare = key.substring(prefix.length());
        known = ConsumerConfig.configNames();
        break;
      }
    }
    if (key.startsWith("producer.")) {
      bare = key.substring("producer.".length());
      known = ProducerConfig.configNames();
    } else if (key.startsWith("admin.")) {
      bare = key.substring("admin.".length());
      known = AdminClientConfig.configNames();
    } else if (key.startsWith("topic.")) {
      return; // topic-level configs for internal topics: the broker validates them
    }
    if (!known.contains(bare)
        && !ConsumerConfig.configNames().contains(bare)
        && !ProducerConfig.configNames().contains(bare)
        && !AdminClientConfig.configNames().contains(bare)) {
      throw new ConfigException(
          "streams." + key,
          source
              + ": unknown Kafka setting 'streams."
              + key
              + "': not a Kafka Streams, consumer, producer or admin config");
    }
  }

  /** Hides values of keys that may carry secrets. */
  public static String redact(String key, String value) {
    String k = key.toLowerCase(Locale.ROOT);
    return k.contains("password") || k.contains("jaas") || k.contains("secret") || k.contains("key")
        ? "[hidden]"
        : value;
  }

  private static long parseMillis(String value, String key, String source) {
    return parseLong(value, key, "milliseconds", source);
  }

  private static long parseLong(String value, String key, String unit, String source) {
    try {
      return Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      throw new ConfigException(
          "streams." + key,
          source + ": streams." + key + " must be " + unit + ", was '" + value + "'");
    }
  }
}
