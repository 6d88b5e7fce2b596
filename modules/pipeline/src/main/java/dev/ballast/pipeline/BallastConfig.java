package dev.ballast.pipeline;

import dev.ballast.modelclient.Backoff;
import dev.ballast.modelclient.ResiliencePolicy;
import dev.ballast.pipeline.internal.ConfigParser;
import dev.ballast.pipeline.internal.ConfigView;
import dev.ballast.pipeline.internal.StreamsSettings;
import dev.ballast.pipeline.internal.Tiers;
import dev.ballast.schemas.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import org.slf4j.LoggerFactory;

/**
 * The one configuration model of a Ballast pipeline, immutable and validated when built: nothing
 * starts half-configured.
 *
 * <p>A configuration file is YAML with three kinds of entries:
 *
 * <ul>
 *   <li>flat keys of {@link ConfigKeys} ({@code model.call.timeout: 30s}); nested maps are
 *       flattened, so {@code model: {call.timeout: 30s}} is the same key;
 *   <li>{@code routes}: each route name maps to {@code endpoints}, a list of {@code provider},
 *       {@code model}, {@code region}, optional {@code endpoint} (a URL) and {@code credentials}
 *       ({@code default} or {@code none}); and optionally {@code context.policy}, {@code
 *       context.summarizer}, {@code output.max.reasks}, {@code output.structured} ({@code tool} or
 *       {@code native}) and the service tier of each lane, {@code service.tier.online} and {@code
 *       service.tier.batch} ({@code reserved}, {@code priority}, {@code default}, {@code flex});
 *   <li>{@code streams}: Kafka Streams, consumer, producer and admin settings passed through
 *       unchanged (validated against Kafka's own key names).
 * </ul>
 *
 * Unknown keys are errors naming the key and the nearest known one.
 */
public final class BallastConfig implements ConfigView {

  private final String source;
  private final Map<String, Object> values;
  private final Map<String, RouteConfig> routes;
  private final Map<String, String> streams;
  private final Map<String, ModelConfig> models;

  private BallastConfig(
      String source,
      Map<String, Object> values,
      Map<String, RouteConfig> routes,
      Map<String, String> streams,
      Map<String, ModelConfig> models) {
    this.source = source;
    this.values = Map.copyOf(values);
    this.routes = Collections.unmodifiableMap(new LinkedHashMap<>(routes));
    this.streams = Map.copyOf(streams);
    this.models = Map.copyOf(models);
  }

  /**
   * Reads and validates a YAML file.
   *
   * @throws ConfigException naming the file, the key and what is wrong
   */
  public static BallastConfig load(Path file) {
    ConfigParser.Parsed p = ConfigParser.parseFile(file);
    return validated(
        new BallastConfig(p.source(), p.values(), p.routes(), p.streams(), p.models()));
  }

  /** Validates a configuration tree as read from YAML; {@code source} names it in errors. */
  public static BallastConfig fromTree(Map<String, Object> tree, String source) {
    ConfigParser.Parsed p = ConfigParser.parseTree(tree, source);
    return validated(
        new BallastConfig(p.source(), p.values(), p.routes(), p.streams(), p.models()));
  }

  public static Builder builder() {
    return new Builder();
  }

  private static BallastConfig validated(BallastConfig config) {
    if (config.routes.isEmpty()) {
      throw new ConfigException(
          "routes", config.source + ": no routes configured; define at least one under 'routes'");
    }
    for (RouteConfig r : config.routes.values()) {
      if (r.summarizer() != null && !config.routes.containsKey(r.summarizer())) {
        throw new ConfigException(
            "routes." + r.name() + ".context.summarizer",
            config.source
                + ": route '"
                + r.name()
                + "' summarizes with route '"
                + r.summarizer()
                + "', which is not configured (routes: "
                + config.routes.keySet()
                + ")");
      }
    }
    StreamsSettings.validate(config);
    config.retryTiers();
    try {
      config.resiliencePolicy();
      config.throttleBackoff();
    } catch (IllegalArgumentException e) {
      throw new ConfigException(null, config.source + ": " + e.getMessage(), e);
    }
    if (config.resiliencePolicy().worstCase().compareTo(config.duration(ConfigKeys.STAGE_TIMEOUT))
        > 0) {
      LoggerFactory.getLogger(BallastConfig.class)
          .info(
              "{} ({} ms) caps calls with retries that could take {} ms",
              ConfigKeys.STAGE_TIMEOUT,
              config.duration(ConfigKeys.STAGE_TIMEOUT).toMillis(),
              config.resiliencePolicy().worstCase().toMillis());
    }
    return config;
  }

  /** Where this configuration came from, for messages. */
  public String source() {
    return source;
  }

  /** The parsed value of a flat key (its default when not set). */
  public Object get(String key) {
    if (!values.containsKey(key)) {
      throw new IllegalArgumentException("unknown configuration key " + key);
    }
    return values.get(key);
  }

  public String string(String key) {
    return (String) get(key);
  }

  public int intValue(String key) {
    return (Integer) get(key);
  }

  public long longValue(String key) {
    return (Long) get(key);
  }

  public boolean bool(String key) {
    return (Boolean) get(key);
  }

  public Duration duration(String key) {
    return (Duration) get(key);
  }

  @SuppressWarnings("unchecked")
  public List<String> list(String key) {
    return (List<String>) get(key);
  }

  /** The delay tiers, validated and sorted. */
  public List<Duration> retryTiers() {
    return Tiers.parse(list(ConfigKeys.RETRY_TIERS), source);
  }

  /** The per-endpoint policies. */
  public ResiliencePolicy resiliencePolicy() {
    return new ResiliencePolicy(
        duration(ConfigKeys.CALL_TIMEOUT),
        duration(ConfigKeys.CALL_TIMEOUT_PER_OUTPUT_TOKEN),
        intValue(ConfigKeys.RETRY_MAX_ATTEMPTS),
        new Backoff(
            duration(ConfigKeys.RETRY_BACKOFF_BASE), duration(ConfigKeys.RETRY_BACKOFF_MAX)),
        intValue(ConfigKeys.BREAKER_FAILURE_RATE),
        intValue(ConfigKeys.BREAKER_MINIMUM_CALLS),
        duration(ConfigKeys.BREAKER_WINDOW),
        duration(ConfigKeys.BREAKER_OPEN_DURATION),
        intValue(ConfigKeys.BREAKER_PROBES));
  }

  /** The backoff of throttled requests parked in delay topics. */
  public Backoff throttleBackoff() {
    return new Backoff(
        duration(ConfigKeys.THROTTLE_BACKOFF_BASE), duration(ConfigKeys.THROTTLE_BACKOFF_MAX));
  }

  public String bootstrapServers() {
    return string(ConfigKeys.BOOTSTRAP_SERVERS);
  }

  public String applicationId() {
    return string(ConfigKeys.APPLICATION_ID);
  }

  /**
   * The topic table for the configured prefix; its cache topic keeps {@code cache.ttl} of answers
   * (the retention it gets when Ballast creates it).
   */
  public Topics topics() {
    return Topics.withPrefix(string(ConfigKeys.TOPIC_PREFIX))
        .withCacheRetention(duration(ConfigKeys.CACHE_TTL));
  }

  /** Routes by name, in file order. */
  public Map<String, RouteConfig> routes() {
    return routes;
  }

  /** Models with known limits, by id. */
  public Map<String, ModelConfig> models() {
    return models;
  }

  /** Kafka settings passed through as written. */
  public Map<String, String> streamsOverrides() {
    return streams;
  }

  /** The largest encoded request accepted (see {@code StreamsSettings.maxRequestBytes}). */
  public int maxRequestBytes() {
    return StreamsSettings.maxRequestBytes(this);
  }

  /** The admin client's settings, security settings included. */
  public Map<String, Object> adminProperties() {
    return StreamsSettings.adminProperties(this);
  }

  /** The batch lane's Kafka Streams properties ({@code <application.id>-batch}). */
  public Properties batchStreamsProperties() {
    return StreamsSettings.batchProperties(this);
  }

  /** The complete Kafka Streams properties: Ballast's defaults, then the pass-through settings. */
  public Properties streamsProperties() {
    return StreamsSettings.properties(this);
  }

  /** Every flat key with its effective value, for start-up logs; no secrets are configured here. */
  public Map<String, String> describe() {
    Map<String, String> out = new LinkedHashMap<>();
    ConfigKeys.all().keySet().forEach(k -> out.put(k, ConfigKey.render(values.get(k))));
    routes.values().forEach(r -> out.put("routes." + r.name(), r.endpoints().toString()));
    streams.forEach((k, v) -> out.put("streams." + k, StreamsSettings.redact(k, v)));
    return out;
  }

  /** Programmatic construction with the same validation as a file. */
  public static final class Builder {
    private final Map<String, Object> tree = new LinkedHashMap<>();
    private final Map<String, RouteConfig> routes = new LinkedHashMap<>();
    private final Map<String, String> streams = new LinkedHashMap<>();
    private final Map<String, ModelConfig> models = new LinkedHashMap<>();
    private String source = "configuration";

    private Builder() {}

    /** Sets a flat key; the value is parsed as if read from YAML. */
    public Builder put(String key, Object value) {
      tree.put(Objects.requireNonNull(key, "key"), value);
      return this;
    }

    public Builder route(RouteConfig route) {
      routes.put(route.name(), route);
      return this;
    }

    public Builder model(ModelConfig model) {
      models.put(model.id(), model);
      return this;
    }

    /** Sets a Kafka setting passed through to Streams. */
    public Builder stream(String key, Object value) {
      streams.put(key, String.valueOf(value));
      return this;
    }

    public Builder source(String name) {
      this.source = name;
      return this;
    }

    public BallastConfig build() {
      ConfigParser.Parsed p = ConfigParser.parseTree(new LinkedHashMap<>(tree), source);
      Map<String, RouteConfig> allRoutes = new LinkedHashMap<>(p.routes());
      allRoutes.putAll(routes);
      Map<String, String> allStreams = new LinkedHashMap<>(p.streams());
      allStreams.putAll(streams);
      Map<String, ModelConfig> allModels = new LinkedHashMap<>(p.models());
      allModels.putAll(models);
      return validated(new BallastConfig(source, p.values(), allRoutes, allStreams, allModels));
    }
  }
}
