package dev.ballast.pipeline;

import dev.ballast.pipeline.ConfigKey.Type;
import dev.ballast.schemas.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
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
  public static final String IO_THREADS = "model.io.threads";
  public static final String CALL_TIMEOUT = "model.call.timeout";
  public static final String CALL_TIMEOUT_PER_OUTPUT_TOKEN = "model.call.timeout.per.output.token";
  public static final String STAGE_TIMEOUT = "model.stage.timeout";
  public static final String RETRY_MAX_ATTEMPTS = "retry.max.attempts";
  public static final String RETRY_BACKOFF_BASE = "retry.backoff.base";
  public static final String RETRY_BACKOFF_MAX = "retry.backoff.max";
  public static final String BREAKER_FAILURE_RATE = "breaker.failure.rate";
  public static final String BREAKER_MINIMUM_CALLS = "breaker.minimum.calls";
  public static final String BREAKER_WINDOW = "breaker.window";
  public static final String BREAKER_OPEN_DURATION = "breaker.open.duration";
  public static final String BREAKER_PROBES = "breaker.probes";
  public static final String CALLS_PER_REQUEST_MAX = "calls.per.request.max";
  public static final String THROTTLE_MAX_ATTEMPTS = "throttle.max.attempts";
  public static final String THROTTLE_WAIT_MAX = "throttle.wait.max";
  public static final String THROTTLE_BACKOFF_BASE = "throttle.backoff.base";
  public static final String THROTTLE_BACKOFF_MAX = "throttle.backoff.max";
  public static final String RETRY_TIERS = "retry.tiers";
  public static final String TIMEOUT_SHORTEN = "timeout.shorten";
  public static final String CACHE_ENABLED = "cache.enabled";
  public static final String CACHE_TTL = "cache.ttl";
  public static final String CACHE_MAX_BYTES = "cache.max.bytes";
  public static final String CONTEXT_SAFETY_MARGIN = "context.safety.margin.percent";
  public static final String CONTEXT_OVERFLOW_RETRIES = "context.overflow.retries";
  public static final String BATCH_HEADROOM = "admission.batch.headroom.percent";
  public static final String BATCH_THREADS = "batch.stream.threads";
  public static final String DEDUP_RETENTION = "dedup.retention";
  public static final String ORDERING = "ordering.by.conversation";
  public static final String FLEET_ENABLED = "fleet.enabled";
  public static final String METRICS_PORT = "metrics.port";
  public static final String METRICS_BIND_ADDRESS = "metrics.bind.address";

  /** The default of {@link #METRICS_PORT}: the Prometheus exporter port convention (9464). */
  public static final int DEFAULT_METRICS_PORT = 9464;

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
        Duration.ofMillis(100),
        1,
        List.of(),
        "How often progress is committed (Kafka Streams' own default under exactly-once). Under"
            + " exactly_once_v2 results become visible to clients at each commit, so this bounds"
            + " the latency Ballast adds; lower costs more CPU and broker round trips: each commit"
            + " is a transaction per stream thread, and a stream thread with calls out wakes once"
            + " per commit to write their answers. Under exactly_once_v2 a stream thread that has"
            + " just read requests also waits up to a quarter of it before it reads the next ones,"
            + " so that requests arriving together are handled in one loop.");
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
        1,
        1,
        List.of(),
        "Stream threads of the online lane per instance (Kafka Streams' num.stream.threads). One"
            + " runs every task of the instance; more spread the stream work (decoding, the"
            + " ledger, commits) over more cores, at one transaction per thread per commit. On 2"
            + " cores one thread cost about 15 % less CPU per request than two at 1,000 req/s, with"
            + " the same latency at 200 req/s. While the in-flight window is full a thread waits,"
            + " and so do the other tasks on it.");
    add(
        MAX_IN_FLIGHT,
        Type.INT,
        512,
        1,
        List.of(),
        "Model calls in flight per instance. When full, new requests wait (backpressure). Too low:"
            + " throughput = window / call latency; too high: more memory and more connections.");
    add(
        IO_THREADS,
        Type.INT,
        0,
        0,
        List.of(),
        "Threads that build, sign and send model calls, and as many event loops of the HTTP"
            + " client that carries them (AWS SDK, AWS Common Runtime); 0: one of each per core.");
    add(
        CALL_TIMEOUT,
        Type.DURATION,
        Duration.ofSeconds(30),
        100,
        List.of(),
        "Limit of one model call before its output allowance. A call that takes longer is a"
            + " TIMEOUT failure.");
    add(
        CALL_TIMEOUT_PER_OUTPUT_TOKEN,
        Type.DURATION,
        Duration.ofMillis(20),
        0,
        List.of(),
        "Added to a call's limit per output token it asks for (maxTokens), capped by"
            + " model.stage.timeout: a long answer generated at this pace or faster does not time"
            + " out. A long-answer call that still times out is ANSWER_TIMEOUT, tied to the request"
            + " and not counted against the endpoint. 0 gives every call model.call.timeout.");
    add(
        STAGE_TIMEOUT,
        Type.DURATION,
        Duration.ofSeconds(90),
        100,
        List.of(),
        "Hard limit of all in-process work for one request on one endpoint (calls, retries,"
            + " backoff). Must stay below the Streams producer's transaction.timeout.ms and"
            + " max.poll.interval.ms, or a full window can get the app fenced.");
  }

  static {
    add(
        RETRY_MAX_ATTEMPTS,
        Type.INT,
        3,
        1,
        List.of(),
        "Calls per endpoint for transient failures (500, 503, connection errors), retried in"
            + " process with full-jitter backoff. 1 disables these retries. The AWS SDK's own"
            + " retries are always off.");
    add(
        RETRY_BACKOFF_BASE,
        Type.DURATION,
        Duration.ofMillis(200),
        1,
        List.of(),
        "Ceiling of the first in-process retry delay; each retry doubles it up to"
            + " retry.backoff.max, and the actual delay is drawn uniformly below the ceiling.");
    add(
        RETRY_BACKOFF_MAX,
        Type.DURATION,
        Duration.ofSeconds(2),
        1,
        List.of(),
        "Largest ceiling of in-process retry delays.");
    add(
        BREAKER_FAILURE_RATE,
        Type.INT,
        50,
        1,
        List.of(),
        "Percentage of failed calls (transient, timeout, unavailable) within breaker.window that"
            + " opens an endpoint's circuit breaker. While open, requests skip the endpoint and go"
            + " down the route's chain.");
    add(
        BREAKER_MINIMUM_CALLS,
        Type.INT,
        10,
        1,
        List.of(),
        "Calls within the window before the failure rate is judged. Too low: a few errors open"
            + " the breaker; too high: an outage takes longer to detect.");
    add(
        BREAKER_WINDOW,
        Type.DURATION,
        Duration.ofSeconds(10),
        1,
        List.of(),
        "The window the breaker's failure rate is measured over.");
    add(
        BREAKER_OPEN_DURATION,
        Type.DURATION,
        Duration.ofSeconds(5),
        1,
        List.of(),
        "How long a breaker stays open before it lets probe calls through (half-open). Traffic"
            + " returns to a recovered primary about this long after it recovers.");
    add(
        BREAKER_PROBES,
        Type.INT,
        3,
        1,
        List.of(),
        "Probe calls let through when half-open; that many successes close the breaker, one"
            + " failure opens it again.");
    add(
        CALLS_PER_REQUEST_MAX,
        Type.INT,
        8,
        1,
        List.of(),
        "Model calls one request may cost in all: every HTTP call counts (in-process retries,"
            + " summaries, re-asks, overflow resends), across parks and fallbacks. A request that"
            + " reaches it ends FAILED with CALL_BUDGET_EXHAUSTED and its attempts listed. Too low:"
            + " requests fail that one more call would have served.");
    add(
        THROTTLE_MAX_ATTEMPTS,
        Type.INT,
        5,
        0,
        List.of(),
        "Times a throttled request (429, quota) is parked in a delay topic and tried again on the"
            + " same endpoint before it moves down the route's chain.");
    add(
        THROTTLE_WAIT_MAX,
        Type.DURATION,
        Duration.ofMinutes(2),
        1,
        List.of(),
        "The longest a request waits in a delay topic for one endpoint. A provider's rate-limit"
            + " hint (Retry-After and its siblings) longer than this sends the request down the"
            + " route's chain at once, and the endpoint cools down until the hinted time: no"
            + " request is sent there before it.");
    add(
        THROTTLE_BACKOFF_BASE,
        Type.DURATION,
        Duration.ofSeconds(1),
        1,
        List.of(),
        "Ceiling of the first throttle delay; doubles per parking up to throttle.backoff.max,"
            + " drawn uniformly below it, and never shorter than a Retry-After the provider sent.");
    add(
        THROTTLE_BACKOFF_MAX,
        Type.DURATION,
        Duration.ofSeconds(60),
        1,
        List.of(),
        "Largest ceiling of throttle delays.");
    add(
        RETRY_TIERS,
        Type.LIST,
        List.of("1s", "5s", "30s", "120s", "600s"),
        null,
        List.of(),
        "Delay tiers: one topic <prefix>retry.<tier> each. A parked request goes to the largest"
            + " tier not above its delay and is released exactly when due; records survive"
            + " restarts.");
    add(
        TIMEOUT_SHORTEN,
        Type.BOOLEAN,
        true,
        null,
        List.of(),
        "After a timeout, try once more with a shorter context (half the input, cut by the"
            + " route's context policy; maxTokens is kept) before serving from cache or falling"
            + " back. Skipped when the input cannot be shortened.");
    add(
        CACHE_ENABLED,
        Type.BOOLEAN,
        true,
        null,
        List.of(),
        "Keep successful answers in the compacted <prefix>cache topic and serve them, marked"
            + " DEGRADED/CACHED, when the same request times out everywhere (stale-if-error).");
    add(
        CACHE_TTL,
        Type.DURATION,
        Duration.ofHours(1),
        1,
        List.of(),
        "How old a cached answer may be and still be served; also the retention of the cache"
            + " topic when Ballast creates it, which bounds what a starting instance restores.");
    add(
        CACHE_MAX_BYTES,
        Type.LONG,
        1L << 30,
        1L << 20,
        List.of(),
        "Disk the answer cache may take on each instance, in bytes. When full, the oldest answers"
            + " are dropped first (RocksDB FIFO compaction); answers older than cache.ttl are"
            + " dropped in any case.");
    add(
        CONTEXT_SAFETY_MARGIN,
        Type.INT,
        2,
        0,
        List.of(),
        "Share of a model's input budget kept free for estimation error, in percent. Too low:"
            + " fitted requests still overflow now and then (they are shrunk and retried); too"
            + " high: more input dropped than needed.");
    add(
        CONTEXT_OVERFLOW_RETRIES,
        Type.INT,
        2,
        0,
        List.of(),
        "Times a request is shrunk and sent again at once after the provider says the input is"
            + " too long, learning the provider's token count each time.");
    add(
        BATCH_HEADROOM,
        Type.INT,
        20,
        0,
        List.of(),
        "Share of every endpoint budget (requests and tokens per minute, concurrency) and of the"
            + " in-flight window that the batch lane (<prefix>requests.batch) may not use, in"
            + " percent: online requests always find room. 100 pauses the batch lane.");
    add(
        BATCH_THREADS,
        Type.INT,
        1,
        0,
        List.of(),
        "Stream threads of the batch lane, which runs as its own Kafka Streams app"
            + " (<application.id>-batch) so that its waiting never holds up online requests. 0"
            + " leaves <prefix>requests.batch unread.");
    add(
        DEDUP_RETENTION,
        Type.DURATION,
        Duration.ofHours(1),
        0,
        List.of(),
        "How long a request id is remembered after its result: a request with the same id"
            + " arriving again within this time (a client's retry, a replay under at_least_once)"
            + " gets no second result. Re-driven dead letters are exempt. 0 turns it off.");
    add(
        ORDERING,
        Type.BOOLEAN,
        false,
        null,
        List.of(),
        "Answer requests with the same conversationId one at a time, in the order they arrived."
            + " Producers must key them by conversationId (BallastClient does) so they share a"
            + " partition. A request that is parked or handed to the fallback topic lets the next"
            + " one go.");
    add(
        FLEET_ENABLED,
        Type.BOOLEAN,
        true,
        null,
        List.of(),
        "Share every endpoint's circuit breaker, throttles and quota with the other instances of"
            + " the application (same application.id) through the compacted <prefix>endpoints"
            + " topic. Each instance keeps to its share of an endpoint's requests.per.minute and"
            + " tokens.per.minute (its share of the request topic's partitions), a 429 lowers every"
            + " instance's concurrency, and a breaker opens on every instance within a second of"
            + " the first; while open the fleet sends one probe per breaker.open.duration and the"
            + " first successful one closes it everywhere (breaker.probes then does not apply)."
            + " false: every instance keeps its own breakers and spends the whole budgets, so N"
            + " instances send N times the quota.");
    add(
        METRICS_PORT,
        Type.INT,
        DEFAULT_METRICS_PORT,
        -1,
        List.of(),
        "Port of the HTTP server of the run and demo commands with /metrics (Prometheus text format),"
            + " /health/live and /health/ready. 0 picks a free port (logged); -1 serves nothing."
            + " Taken: start-up fails naming the port.");
    add(
        METRICS_BIND_ADDRESS,
        Type.STRING,
        "127.0.0.1",
        null,
        List.of(),
        "Address the metrics and health server binds to. The default answers only on this host:"
            + " set 0.0.0.0 (or the pod's address) for Prometheus and Kubernetes probes from"
            + " elsewhere.");
  }

  private ConfigKeys() {}

  private static void add(
      String name, Type type, Object def, Number min, List<String> choices, String doc) {
    KEYS.put(name, new ConfigKey(name, type, def, doc, min, choices));
  }

  /** Every flat key, in documentation order. */
  public static Map<String, ConfigKey> all() {
    return Collections.unmodifiableMap(KEYS);
  }

  /** The key named {@code name}, or null. */
  public static ConfigKey get(String name) {
    return KEYS.get(name);
  }
}
