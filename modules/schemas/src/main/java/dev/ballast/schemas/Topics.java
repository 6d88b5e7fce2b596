package dev.ballast.schemas;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * The one table of Ballast topics. Every topic shares a configurable prefix (default {@code
 * ballast.}); names, serdes and creation settings live here and nowhere else.
 *
 * <table>
 *   <caption>Topics</caption>
 *   <tr><th>topic</th><th>key</th><th>value</th></tr>
 *   <tr><td>{@code requests}</td><td>request id</td><td>{@link InferenceRequest}</td></tr>
 *   <tr><td>{@code requests.batch}</td><td>request id</td><td>{@link InferenceRequest}</td></tr>
 *   <tr><td>{@code requests.batch.admitted}</td><td>request id</td><td>{@link
 *   InferenceRequest}</td></tr>
 *   <tr><td>{@code retry.<delay>}</td><td>request id</td><td>{@link InferenceRequest}</td></tr>
 *   <tr><td>{@code fallback}</td><td>request id</td><td>{@link InferenceRequest}</td></tr>
 *   <tr><td>{@code results}</td><td>request id</td><td>{@link InferenceResult}</td></tr>
 *   <tr><td>{@code dlq}</td><td>request id or null</td><td>original bytes</td></tr>
 *   <tr><td>{@code cache}</td><td>request fingerprint</td><td>{@link CachedAnswer}</td></tr>
 *   <tr><td>{@code endpoints}</td><td>endpoint id</td><td>{@link EndpointSignal}</td></tr>
 * </table>
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class Topics {

  /** The prefix used when none is configured. */
  public static final String DEFAULT_PREFIX = "ballast.";

  private static final Pattern LEGAL = Pattern.compile("[a-zA-Z0-9._-]*");
  private static final long DAY_MS = Duration.ofDays(1).toMillis();

  static {
    AvroTrust.install();
  }

  private static final Serde<String> KEYS = Serdes.String();
  private static final AvroSerde<InferenceRequest> REQUESTS = AvroSerde.of(InferenceRequest.class);
  private static final AvroSerde<InferenceResult> RESULTS = AvroSerde.of(InferenceResult.class);

  private final String prefix;
  private final Topic<String, InferenceRequest> requests;
  private final Topic<String, InferenceRequest> batchRequests;
  private final Topic<String, InferenceRequest> batchAdmitted;
  private final Topic<String, InferenceRequest> fallback;
  private final Topic<String, InferenceResult> results;
  private final Topic<String, byte[]> dlq;
  private final Topic<String, CachedAnswer> cache;
  private final Topic<String, EndpointSignal> endpoints;

  private Topics(String prefix) {
    this(prefix, DAY_MS);
  }

  private Topics(String prefix, long cacheRetentionMs) {
    this.prefix = prefix;
    this.requests = new Topic<>(prefix + "requests", KEYS, REQUESTS, retention(7));
    this.batchRequests = new Topic<>(prefix + "requests.batch", KEYS, REQUESTS, retention(7));
    this.batchAdmitted =
        new Topic<>(prefix + "requests.batch.admitted", KEYS, REQUESTS, retention(7));
    this.fallback = new Topic<>(prefix + "fallback", KEYS, REQUESTS, retention(7));
    this.results = new Topic<>(prefix + "results", KEYS, RESULTS, retention(7));
    this.dlq = new Topic<>(prefix + "dlq", KEYS, Serdes.ByteArray(), retention(30));
    this.cache =
        new Topic<>(
            prefix + "cache",
            KEYS,
            AvroSerde.of(CachedAnswer.class),
            Map.of(
                "cleanup.policy",
                "compact,delete",
                "retention.ms",
                Long.toString(cacheRetentionMs)));
    this.endpoints =
        new Topic<>(
            prefix + "endpoints",
            KEYS,
            AvroSerde.of(EndpointSignal.class),
            // Segments roll every 10 minutes, so the cleaner can compact the instances' heartbeats
            // and an instance that starts reads minutes of them, not days.
            Map.of(
                "cleanup.policy",
                "compact",
                "message.timestamp.type",
                "LogAppendTime",
                "segment.ms",
                Long.toString(10 * 60_000L)));
  }

  /** The table for {@code prefix} (may be empty). */
  public static Topics withPrefix(String prefix) {
    Objects.requireNonNull(prefix, "prefix");
    if (!LEGAL.matcher(prefix).matches()) {
      throw new IllegalArgumentException(
          "topic prefix '" + prefix + "' may only contain letters, digits, '.', '_' and '-'");
    }
    return new Topics(prefix);
  }

  /** The table with the {@linkplain #DEFAULT_PREFIX default prefix}. */
  public static Topics defaults() {
    return withPrefix(DEFAULT_PREFIX);
  }

  /**
   * This table with the cache topic's retention set to {@code retention} (default a day): an answer
   * is served stale only while it is younger than the cache's time to live, so a topic that keeps
   * no more than that keeps what a new instance must restore small. Applies when the topic is
   * created.
   *
   * @param retention positive
   * @throws IllegalArgumentException when {@code retention} is not positive
   */
  public Topics withCacheRetention(Duration retention) {
    if (retention.isNegative() || retention.isZero()) {
      throw new IllegalArgumentException("cache retention must be positive, was " + retention);
    }
    return new Topics(prefix, retention.toMillis());
  }

  public String prefix() {
    return prefix;
  }

  /** Online requests. */
  public Topic<String, InferenceRequest> requests() {
    return requests;
  }

  /** Backfill requests, served with the capacity the online lane leaves. */
  public Topic<String, InferenceRequest> batchRequests() {
    return batchRequests;
  }

  /**
   * Backfill requests past the one dedup check both lanes share (internal: written by the online
   * app, read by the batch lane's app).
   */
  public Topic<String, InferenceRequest> batchAdmitted() {
    return batchAdmitted;
  }

  /** Requests whose primary endpoint failed hard, for the fallback-model processor. */
  public Topic<String, InferenceRequest> fallback() {
    return fallback;
  }

  /** Exactly one terminal result per request id. */
  public Topic<String, InferenceResult> results() {
    return results;
  }

  /** Original bytes of records that could not be served, with reason headers. */
  public Topic<String, byte[]> dlq() {
    return dlq;
  }

  /**
   * Recent successful answers by request fingerprint, for stale-if-error serving (compacted; kept a
   * day, or as {@link #withCacheRetention} says).
   */
  public Topic<String, CachedAnswer> cache() {
    return cache;
  }

  /**
   * The fleet's shared view of each endpoint (internal; compacted, log-append time): circuit
   * breaker transitions and probe claims keyed by endpoint id, throttle signals keyed by endpoint
   * id plus {@code #throttle}. Read by every instance of the application.
   */
  public Topic<String, EndpointSignal> endpoints() {
    return endpoints;
  }

  /** The delay topic of one tier, e.g. {@code ballast.retry.5s}. */
  public Topic<String, InferenceRequest> retry(Duration delay) {
    return new Topic<>(prefix + "retry." + tierName(delay), KEYS, REQUESTS, retention(7));
  }

  /** Every topic Ballast uses, given the delay tiers in force. */
  public List<Topic<?, ?>> all(List<Duration> retryTiers) {
    List<Topic<?, ?>> all =
        new ArrayList<>(
            List.of(
                requests, batchRequests, batchAdmitted, fallback, results, dlq, cache, endpoints));
    retryTiers.forEach(tier -> all.add(retry(tier)));
    return Collections.unmodifiableList(all);
  }

  /** {@code 1s}, {@code 120s}, {@code 1h}: whole hours, else whole seconds, else milliseconds. */
  public static String tierName(Duration delay) {
    if (delay.isNegative() || delay.isZero()) {
      throw new IllegalArgumentException("retry tier must be positive, was " + delay);
    }
    long ms = delay.toMillis();
    if (ms % 3_600_000 == 0) {
      return ms / 3_600_000 + "h";
    }
    if (ms % 1000 == 0) {
      return ms / 1000 + "s";
    }
    return ms + "ms";
  }

  private static Map<String, String> retention(int days) {
    return Map.of("retention.ms", Long.toString(days * DAY_MS));
  }
}
