package dev.ballast.pipeline;

import dev.ballast.pipeline.ConfigKey.Type;
import dev.ballast.schemas.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every flat configuration key of Ballast, with its default and documentation: the one table the
 * loader, the README's reference and {@code ballast config --describe} are made from. Structured
 * sections ({@code routes}, {@code streams}) are described in {@link BallastConfig}.
 */
public final class ConfigKeys {

  public static final String BOOTSTRAP_SERVERS = "bootstrap.servers";
  public static final String APPLICATION_ID = "application.id";
  public static final String TOPIC_PREFIX = "topic.prefix";
  public static final String TOPIC_PARTITIONS = "topic.partitions";
  public static final String TOPIC_REPLICATION_FACTOR = "topic.replication.factor";
  public static final String TOPIC_CREATE = "topic.create";
  public static final String PROCESSING_GUARANTEE = "processing.guarantee";
  public static final String COMMIT_INTERVAL = "commit.interval";
  public static final String STATE_DIR = "state.dir";
  public static final String STREAM_THREADS = "stream.threads";
  public static final String MAX_IN_FLIGHT = "model.max.in.flight";
  public static final String CALL_TIMEOUT = "model.call.timeout";
  public static final String STAGE_TIMEOUT = "model.stage.timeout";
  public static final String DEFAULT_ROUTE = "route.default";

  private static final Map<String, ConfigKey> KEYS = new LinkedHashMap<>();

  static {
    add(
        BOOTSTRAP_SERVERS,
        Type.STRING,
        null,
        null,
        List.of(),
        "Kafka brokers, host:port[,host:port]. Required. Wrong: the app logs connection errors and"
            + " never reaches RUNNING.");
    add(
        APPLICATION_ID,
        Type.STRING,
        "ballast",
        null,
        List.of(),
        "Kafka Streams application id: consumer group, transactional ids and internal topic names."
            + " Instances with the same id share the work; a new id reprocesses the request topics"
            + " from the start.");
    add(
        TOPIC_PREFIX,
        Type.STRING,
        Topics.DEFAULT_PREFIX,
        null,
        List.of(),
        "Prefix of every Ballast topic (requests, results, dlq, retry tiers, fallback). Clients must"
            + " use the same prefix, or they write where nothing reads.");
    add(
        TOPIC_PARTITIONS,
        Type.INT,
        4,
        1,
        List.of(),
        "Partitions of topics Ballast creates. The unit of parallelism: at most this many stream"
            + " tasks share the work across instances. Existing topics keep their count.");
    add(
        TOPIC_REPLICATION_FACTOR,
        Type.INT,
        -1,
        -1,
        List.of(),
        "Replication factor of topics Ballast creates; -1 uses the broker's"
            + " default.replication.factor. Too high for the cluster: start-up fails naming the"
            + " topic.");
    add(
        TOPIC_CREATE,
        Type.BOOLEAN,
        true,
        null,
        List.of(),
        "Create missing topics at start-up. When false, a missing topic stops start-up with its"
            + " name.");
    add(
        PROCESSING_GUARANTEE,
        Type.STRING,
        "exactly_once_v2",
        null,
        List.of("exactly_once_v2", "at_least_once"),
        "exactly_once_v2: each request id gets exactly one result even across crashes (results"
            + " visible to read_committed consumers after each commit). at_least_once: lower"
            + " latency; a crash may repeat results, which Ballast suppresses by request id where it"
            + " still remembers the id.");
    add(
        COMMIT_INTERVAL,
        Type.DURATION,
        Duration.ofMillis(20),
        1,
        List.of(),
        "How often progress is committed. Under exactly_once_v2 results become visible to clients"
            + " at each commit, so this bounds the latency Ballast adds; lower costs more broker"
            + " round trips.");
    add(
        STATE_DIR,
        Type.STRING,
        Path.of(System.getProperty("java.io.tmpdir"), "ballast-streams").toString(),
        null,
        List.of(),
        "Directory of local state stores (the in-flight ledger, schedules, caches). Each instance"
            + " on a host needs its own.");
    add(
        STREAM_THREADS,
        Type.INT,
        2,
        1,
        List.of(),
        "Stream threads per instance. A thread waits while the in-flight window is full, which"
            + " stalls the other tasks on that thread: use as many threads as partitions per"
            + " instance for the lowest latency.");
    add(
        MAX_IN_FLIGHT,
        Type.INT,
        512,
        1,
        List.of(),
        "Model calls in flight per instance. When full, new requests wait (backpressure). Too low:"
            + " throughput = window / call latency; too high: more memory and more connections.");
    add(
        CALL_TIMEOUT,
        Type.DURATION,
        Duration.ofSeconds(30),
        100,
        List.of(),
        "Hard limit of one model call. A call that takes longer is a TIMEOUT failure.");
    add(
        STAGE_TIMEOUT,
        Type.DURATION,
        Duration.ofSeconds(90),
        100,
        List.of(),
        "Hard limit of all in-process work for one request on one endpoint (calls, retries,"
            + " backoff). Must stay below the Streams producer's transaction.timeout.ms and"
            + " max.poll.interval.ms, or a full window can get the app fenced.");
    add(
        DEFAULT_ROUTE,
        Type.STRING,
        "default",
        null,
        List.of(),
        "Route used by clients that send no route (the submit command). Must name a configured"
            + " route.");
  }

  private ConfigKeys() {}

  private static void add(
      String name, Type type, Object def, Number min, List<String> choices, String doc) {
    KEYS.put(name, new ConfigKey(name, type, def, doc, min, choices));
  }

  /** Every flat key, in documentation order. */
  public static Map<String, ConfigKey> all() {
    return java.util.Collections.unmodifiableMap(KEYS);
  }

  /** The key named {@code name}, or null. */
  public static ConfigKey get(String name) {
    return KEYS.get(name);
  }
}
