package dev.ballast.pipeline;

import dev.ballast.pipeline.internal.BatchGate;
import dev.ballast.pipeline.internal.CacheUpdater;
import dev.ballast.pipeline.internal.ModelStage;
import dev.ballast.pipeline.internal.RequestIntake;
import dev.ballast.pipeline.internal.RequestValidator;
import dev.ballast.pipeline.internal.RetryScheduler;
import dev.ballast.pipeline.internal.StageOutputs;
import dev.ballast.pipeline.internal.StageRole;
import dev.ballast.pipeline.internal.StatefulIntake;
import dev.ballast.pipeline.internal.TopologyNames;
import dev.ballast.schemas.AvroSerde;
import dev.ballast.schemas.CachedAnswer;
import dev.ballast.schemas.InFlight;
import dev.ballast.schemas.InferenceRequest;
import dev.ballast.schemas.Lane;
import dev.ballast.schemas.LedgerEntry;
import dev.ballast.schemas.Topic;
import dev.ballast.schemas.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * Builds the Ballast topology. A pure function of its inputs: the configuration, the model router
 * and the topic table; starting it is {@link Pipeline}'s job.
 *
 * <pre>
 *  requests ───────► intake(online) ───────────────────► model-stage ──► results, dlq, cache
 *  requests.batch ─► intake(batch) ─► batch-gate ─► requests.batch.admitted (batch lane's app)
 *                                            │ throttled ─► retry.&lt;tier&gt; ─► retry-scheduler ─┐
 *                                            │ unavailable ► fallback ─► fallback-intake        │
 *                                            ▼                               ▼                  │
 *                                        (ledger)             fallback-stage ◄────────────────┘
 *  cache ─► (global answer cache, read on timeouts)
 * </pre>
 */
public final class PipelineTopology {

  private PipelineTopology() {}

  /** What both topologies are built from. */
  private record Parts(
      TopologyNames names,
      AvroSerde<InferenceRequest> requestSerde,
      RequestValidator validator,
      List<Duration> tiers,
      StageOutputs outputs) {

    static Parts of(BallastConfig config, ModelRouter router) {
      TopologyNames names = new TopologyNames();
      AvroSerde<InferenceRequest> serde = AvroSerde.of(InferenceRequest.class);
      List<Duration> tiers = config.retryTiers();
      return new Parts(
          names,
          serde,
          new RequestValidator(
              router.gateway().routeNames(),
              router.gateway()::schemaProblem,
              config.maxRequestBytes()),
          tiers,
          new StageOutputs(names, serde, tiers));
    }
  }

  /** The topology for {@code config}, calling models through {@code router}. */
  public static Topology build(
      BallastConfig config, ModelRouter router, Topics topics, PipelineMetrics metrics) {
    Parts parts = Parts.of(config, router);
    TopologyNames names = parts.names();
    AvroSerde<InferenceRequest> requestSerde = parts.requestSerde();
    RequestValidator validator = parts.validator();
    List<Duration> tiers = parts.tiers();
    StageOutputs outputs = parts.outputs();
    boolean cache = config.bool(ConfigKeys.CACHE_ENABLED);
    String primary = names.stage(StageRole.PRIMARY);
    String fallback = names.stage(StageRole.FALLBACK);
    Topology t = new Topology();

    source(t, "requests-source", topics.requests().name());
    source(t, "fallback-source", topics.fallback().name());
    List<String> tierTopics = new ArrayList<>();
    tiers.forEach(tier -> tierTopics.add(topics.retry(tier).name()));
    source(t, "retry-source", tierTopics.toArray(new String[0]));

    t.addProcessor(
        "intake-online",
        () ->
            new RequestIntake(Lane.ONLINE, requestSerde, validator, names, metrics, primary, true),
        "requests-source");
    boolean batchLane = config.intValue(ConfigKeys.BATCH_THREADS) > 0;
    if (batchLane) {
      // Backfill requests pass the same ledger as online ones before the batch lane's app serves
      // them.
      source(t, "batch-source", topics.batchRequests().name());
      t.addProcessor(
          "intake-batch",
          () ->
              new RequestIntake(
                  Lane.BATCH, requestSerde, validator, names, metrics, names.batchGate(), true),
          "batch-source");
      long retentionMs = config.duration(ConfigKeys.DEDUP_RETENTION).toMillis();
      t.addProcessor(
          names.batchGate(), () -> new BatchGate(names, metrics, retentionMs), "intake-batch");
    }
    t.addProcessor(
        "fallback-intake",
        () -> new StatefulIntake(requestSerde, names, fallback, metrics),
        "fallback-source");
    t.addProcessor(
        "retry-scheduler",
        () -> new RetryScheduler(requestSerde, names, metrics, router.pace(Lane.ONLINE)),
        "retry-source");
    Function<ProcessorContext<?, ?>, ReadOnlyKeyValueStore<String, CachedAnswer>> ownStore =
        cache ? context -> context.getStateStore(names.cacheStore()) : null;
    stage(
        t,
        config,
        router,
        outputs,
        metrics,
        StageRole.PRIMARY,
        ownStore,
        "intake-online",
        "retry-scheduler");
    stage(
        t,
        config,
        router,
        outputs,
        metrics,
        StageRole.FALLBACK,
        ownStore,
        "fallback-intake",
        "retry-scheduler");
    // Answers are remembered in the primary ledger, whichever stage wrote them.
    t.connectProcessorAndStateStores(
        names.stage(StageRole.FALLBACK), names.ledgerStore(StageRole.PRIMARY));
    if (batchLane) {
      t.connectProcessorAndStateStores(names.batchGate(), names.ledgerStore(StageRole.PRIMARY));
    }
    t.addStateStore(
        Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(names.scheduleStore()),
                Serdes.Bytes(),
                AvroSerde.of(InFlight.class))
            .withCachingDisabled(),
        "retry-scheduler");

    List<String> writers =
        new ArrayList<>(
            List.of(primary, fallback, "intake-online", "fallback-intake", "retry-scheduler"));
    if (batchLane) {
      writers.add("intake-batch");
      sink(t, names.batchAdmittedSink(), topics.batchAdmitted(), names.batchGate());
    }
    sink(t, names.resultsSink(), topics.results(), writers.toArray(new String[0]));
    sink(t, names.dlqSink(), topics.dlq(), writers.toArray(new String[0]));
    sink(t, names.fallbackSink(), topics.fallback(), primary);
    for (Duration tier : tiers) {
      sink(t, names.retrySink(tier), topics.retry(tier), primary, fallback);
    }
    if (cache) {
      sink(t, names.cacheSink(), topics.cache(), primary, fallback);
      globalCache(t, topics, names);
    }
    return t;
  }

  /**
   * The batch lane's topology, run by its own Kafka Streams app ({@code <application.id>-batch}) so
   * that its stream threads, which wait while the online lane uses the window, never hold up online
   * requests. Parked and fallback batch requests continue in the main topology, still admitted as
   * batch traffic.
   *
   * <pre>
   *  requests.batch.admitted ─► intake(batch) ─► batch-stage ─► results, dlq, cache, retry, fallback
   * </pre>
   *
   * <p>Its input is what the online app's batch gate admitted: one ledger decides duplicates for
   * both lanes. Its stage reads the online app's answer cache ({@code onlineCache}, an {@link
   * dev.ballast.pipeline.internal.OnlineAnswerCache}) rather than a global store of its own.
   *
   * @param onlineCache the online app's answer cache; unused (may be null) when the cache is off
   */
  public static Topology buildBatch(
      BallastConfig config,
      ModelRouter router,
      Topics topics,
      PipelineMetrics metrics,
      ReadOnlyKeyValueStore<String, CachedAnswer> onlineCache) {
    Parts parts = Parts.of(config, router);
    TopologyNames names = parts.names();
    AvroSerde<InferenceRequest> requestSerde = parts.requestSerde();
    RequestValidator validator = parts.validator();
    List<Duration> tiers = parts.tiers();
    StageOutputs outputs = parts.outputs();
    String batch = names.stage(StageRole.BATCH);
    Topology t = new Topology();
    source(t, "batch-source", topics.batchAdmitted().name());
    t.addProcessor(
        "intake-batch",
        () -> new RequestIntake(Lane.BATCH, requestSerde, validator, names, metrics, batch, false),
        "batch-source");
    boolean cache = config.bool(ConfigKeys.CACHE_ENABLED);
    if (cache) {
      // Here, not when a task starts: a missing cache fails the build, not a stream thread.
      Objects.requireNonNull(onlineCache, "onlineCache");
    }
    stage(
        t,
        config,
        router,
        outputs,
        metrics,
        StageRole.BATCH,
        cache ? context -> onlineCache : null,
        "intake-batch");
    sink(t, names.resultsSink(), topics.results(), batch, "intake-batch");
    sink(t, names.dlqSink(), topics.dlq(), batch, "intake-batch");
    sink(t, names.fallbackSink(), topics.fallback(), batch);
    for (Duration tier : tiers) {
      sink(t, names.retrySink(tier), topics.retry(tier), batch);
    }
    if (cache) {
      sink(t, names.cacheSink(), topics.cache(), batch);
    }
    return t;
  }

  private static void stage(
      Topology t,
      BallastConfig config,
      ModelRouter router,
      StageOutputs outputs,
      PipelineMetrics metrics,
      StageRole role,
      Function<ProcessorContext<?, ?>, ReadOnlyKeyValueStore<String, CachedAnswer>> cacheReads,
      String... parents) {
    TopologyNames names = outputs.names();
    Duration ttl = config.duration(ConfigKeys.CACHE_TTL);
    t.addProcessor(
        names.stage(role),
        () ->
            new ModelStage(
                role,
                router,
                outputs,
                metrics,
                cacheReads,
                ttl,
                config.duration(ConfigKeys.DEDUP_RETENTION),
                config.bool(ConfigKeys.ORDERING)),
        parents);
    t.addStateStore(
        Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(names.ledgerStore(role)),
                Serdes.String(),
                AvroSerde.of(LedgerEntry.class))
            .withCachingDisabled(),
        names.stage(role));
  }

  /** The stale-if-error cache: a global store every task reads, fed by the cache topic. */
  private static void globalCache(Topology t, Topics topics, TopologyNames names) {
    Topic<String, CachedAnswer> c = topics.cache();
    t.addGlobalStore(
        Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(names.cacheStore()), c.keySerde(), c.valueSerde())
            .withLoggingDisabled(),
        "cache-source",
        c.keySerde().deserializer(),
        c.valueSerde().deserializer(),
        c.name(),
        "cache-updater",
        () -> new CacheUpdater(names.cacheStore()));
  }

  private static void source(Topology t, String name, String... topics) {
    t.addSource(name, new ByteArrayDeserializer(), new ByteArrayDeserializer(), topics);
  }

  private static <K, V> void sink(Topology t, String name, Topic<K, V> topic, String... parents) {
    t.addSink(
        name,
        topic.name(),
        topic.keySerde().serializer(),
        topic.valueSerde().serializer(),
        parents);
  }
}
