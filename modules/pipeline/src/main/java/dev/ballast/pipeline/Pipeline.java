package dev.ballast.pipeline;

import dev.ballast.modelclient.BreakerListener;
import dev.ballast.modelclient.gateway.EndpointView;
import dev.ballast.pipeline.internal.DaemonThreads;
import dev.ballast.pipeline.internal.FleetChannel;
import dev.ballast.pipeline.internal.FleetState;
import dev.ballast.pipeline.internal.Instrumentation;
import dev.ballast.pipeline.internal.OnlineAnswerCache;
import dev.ballast.pipeline.internal.PacedClientSupplier;
import dev.ballast.pipeline.internal.PollPace;
import dev.ballast.pipeline.internal.TopicAdmin;
import dev.ballast.pipeline.internal.TopologyNames;
import dev.ballast.schemas.Lane;
import dev.ballast.schemas.Topics;
import io.micrometer.core.instrument.Gauge;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running Ballast pipeline instance: creates missing topics, builds the topology and runs it on
 * Kafka Streams. More instances with the same {@code application.id} share the partitions.
 *
 * <p>This class is thread-safe.
 */
public final class Pipeline implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Pipeline.class);

  private final BallastConfig config;
  private final ModelRouter router;
  private final KafkaStreams streams;
  private final KafkaStreams batch;
  private final PipelineMetrics metrics;
  private final Instrumentation instrumentation;
  private final FleetState fleet;

  private Pipeline(
      BallastConfig config,
      ModelRouter router,
      KafkaStreams streams,
      KafkaStreams batch,
      PipelineMetrics metrics,
      Instrumentation instrumentation,
      FleetState fleet) {
    this.fleet = fleet;
    this.config = config;
    this.router = router;
    this.streams = streams;
    this.batch = batch;
    this.metrics = metrics;
    this.instrumentation = instrumentation;
  }

  /**
   * Starts a pipeline whose model clients are built from {@code config}'s routes. The topics are
   * created while the model clients are built.
   *
   * @throws ConfigException naming a topic that is missing while {@code topic.create} is false, or
   *     one that cannot be created; the model clients built meanwhile are closed
   */
  public static Pipeline start(BallastConfig config) {
    log.info("Starting Ballast pipeline with {}", config.describe());
    PipelineMetrics metrics = new PipelineMetrics();
    CompletableFuture<Void> topics =
        DaemonThreads.supplyAsync(
            "ballast-start-topics",
            () -> {
              ensureTopics(config);
              return null;
            });
    ModelRouter router;
    try {
      router = ModelRouter.connect(config, metrics);
    } catch (RuntimeException e) {
      topics.handle((ok, failed) -> null).join();
      throw e;
    }
    try {
      await(topics);
      return startOnTopics(config, router, metrics);
    } catch (RuntimeException e) {
      router.close();
      throw e;
    }
  }

  /**
   * Starts a pipeline that calls models through {@code router}, counting into {@code metrics} (the
   * router's); closing it closes the router.
   */
  public static Pipeline start(BallastConfig config, ModelRouter router, PipelineMetrics metrics) {
    log.info("Starting Ballast pipeline with {}", config.describe());
    ensureTopics(config);
    return startOnTopics(config, router, metrics);
  }

  private static void ensureTopics(BallastConfig config) {
    TopicAdmin.ensure(
        config.adminProperties(),
        config.topics().all(config.retryTiers()),
        config.intValue(ConfigKeys.TOPIC_PARTITIONS),
        config.intValue(ConfigKeys.TOPIC_REPLICATION_FACTOR),
        config.bool(ConfigKeys.TOPIC_CREATE));
  }

  /**
   * The rest of a start once the topics exist: the fleet is joined while both Kafka Streams apps
   * are built, and neither app starts before the fleet's open breakers are known, so no call goes
   * out without them.
   */
  private static Pipeline startOnTopics(
      BallastConfig config, ModelRouter router, PipelineMetrics metrics) {
    Topics topics = config.topics();
    CompletableFuture<FleetState> joined =
        config.bool(ConfigKeys.FLEET_ENABLED)
            ? DaemonThreads.supplyAsync("ballast-start-fleet", () -> joinFleet(config, router))
            : CompletableFuture.completedFuture(null);
    KafkaStreams streams = null;
    KafkaStreams batch = null;
    FleetState fleet;
    try {
      Properties online = config.streamsProperties();
      streams =
          new KafkaStreams(
              PipelineTopology.build(config, router, topics, metrics),
              online,
              new PacedClientSupplier(router.pace(Lane.ONLINE), online));
      if (config.intValue(ConfigKeys.BATCH_THREADS) > 0) {
        Properties batchProperties = config.batchStreamsProperties();
        batch =
            new KafkaStreams(
                PipelineTopology.buildBatch(
                    config,
                    router,
                    topics,
                    metrics,
                    new OnlineAnswerCache(streams, new TopologyNames().cacheStore())),
                batchProperties,
                new PacedClientSupplier(router.pace(Lane.BATCH), batchProperties));
      }
      fleet = await(joined);
    } catch (RuntimeException e) {
      joined.thenAccept(
          f -> {
            if (f != null) {
              f.close();
            }
          });
      closeUnstarted(batch);
      closeUnstarted(streams);
      throw e;
    }
    streams.setUncaughtExceptionHandler(Pipeline::replaceThread);
    if (fleet != null) {
      fleet.shareBy(streams::metadataForLocalThreads);
      Gauge.builder("ballast.fleet.quota.share", fleet, FleetState::share)
          .description("this instance's share of every endpoint's per-minute quotas, 0 to 1")
          .register(metrics.registry());
    }
    // The batch app first: the online app's start waits for its global store, and the batch app
    // joins its group meanwhile.
    if (batch != null) {
      batch.setUncaughtExceptionHandler(Pipeline::replaceThread);
      pacedByState(batch, router.pace(Lane.BATCH));
      batch.start();
    }
    pacedByState(streams, router.pace(Lane.ONLINE));
    streams.start();
    return new Pipeline(
        config,
        router,
        streams,
        batch,
        metrics,
        Instrumentation.bind(
            metrics,
            router.window(),
            router.gateway(),
            batch == null ? List.of(streams) : List.of(streams, batch)),
        fleet);
  }

  /** The value of a background step, or its failure thrown as it was thrown there. */
  private static <T> T await(CompletableFuture<T> step) {
    try {
      return step.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      if (e.getCause() instanceof Error err) {
        throw err;
      }
      throw e;
    }
  }

  private static void closeUnstarted(KafkaStreams app) {
    if (app != null) {
      app.close(Duration.ZERO);
    }
  }

  private static FleetState joinFleet(BallastConfig config, ModelRouter router) {
    Topics topics = config.topics();
    return FleetState.start(
        FleetChannel.connect(config.adminProperties(), topics.endpoints(), config.applicationId()),
        config.duration(ConfigKeys.BREAKER_OPEN_DURATION),
        topics.requests().name(),
        router.gateway(),
        Duration.ofSeconds(30));
  }

  /** Short polls while {@code app} is not RUNNING (PollPace): it starts or rebalances sooner. */
  private static void pacedByState(KafkaStreams app, PollPace pace) {
    app.setStateListener((now, before) -> pace.running(now == KafkaStreams.State.RUNNING));
  }

  private static StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse replaceThread(
      Throwable e) {
    log.error("Stream thread failed; replacing it", e);
    return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
  }

  /**
   * Waits until the app is {@code RUNNING}.
   *
   * @throws IllegalStateException when it does not get there within {@code timeout}
   */
  public Pipeline awaitRunning(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (state() != KafkaStreams.State.RUNNING) {
      if (state() == KafkaStreams.State.ERROR || state() == KafkaStreams.State.NOT_RUNNING) {
        throw new IllegalStateException("Pipeline stopped while starting: " + state());
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "Pipeline not RUNNING after "
                + timeout.toMillis()
                + " ms (state "
                + streams.state()
                + ")");
      }
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("Interrupted while waiting for the pipeline", e);
      }
    }
    return this;
  }

  /** The state of the app: RUNNING only when the online and the batch lane both run. */
  public KafkaStreams.State state() {
    if (batch == null || streams.state() != KafkaStreams.State.RUNNING) {
      return streams.state();
    }
    return batch.state();
  }

  /** Kafka Streams' own metrics of this instance (commit, poll, process latencies...). */
  public Map<MetricName, ? extends Metric> streamsMetrics() {
    return streams.metrics();
  }

  public PipelineMetrics metrics() {
    return metrics;
  }

  public BallastConfig config() {
    return config;
  }

  /** Circuit breaker state changes of this instance so far, oldest first. */
  public List<BreakerEvent> breakerEvents() {
    return router.breakers().list();
  }

  /**
   * Why this instance should not get traffic now, one line per reason; empty when it is ready: both
   * lanes' Kafka Streams apps are {@code RUNNING} and every route has an endpoint whose circuit
   * breaker is not open. For readiness probes; thread-safe and cheap.
   */
  public List<String> notReadyReasons() {
    List<String> reasons = new ArrayList<>();
    if (streams.state() != KafkaStreams.State.RUNNING) {
      reasons.add("streams " + streams.state());
    }
    if (batch != null && batch.state() != KafkaStreams.State.RUNNING) {
      reasons.add("batch streams " + batch.state());
    }
    for (String route : router.gateway().routeNames()) {
      List<String> open = new ArrayList<>();
      for (EndpointView caller : router.gateway().chain(route)) {
        if (caller.breakerState() != BreakerListener.State.OPEN) {
          open.clear();
          break;
        }
        open.add(caller.endpoint().id());
      }
      if (!open.isEmpty()) {
        reasons.add("route " + route + ": every endpoint's breaker is open " + open);
      }
    }
    return reasons;
  }

  /**
   * The share of every endpoint's per-minute budgets this instance keeps to now, in (0, 1]: its
   * share of the request topic's partitions with {@code fleet.enabled}, else 1.
   */
  public double quotaShare() {
    return fleet == null ? 1.0 : fleet.share();
  }

  /** Calls in flight now, across every stream thread of this instance. */
  public int inFlight() {
    return router.window().inFlight();
  }

  /**
   * Stops the instance: in-flight calls stay in the ledger for whoever owns the partitions next,
   * and the instance leaves the consumer group at once so a restart or a peer takes over without
   * waiting for the session timeout.
   */
  @Override
  public void close() {
    // Kafka Streams' threads notice their shutdown when their poll ends: end the polls now.
    router.pace(Lane.ONLINE).close();
    router.pace(Lane.BATCH).close();
    CloseOptions leave =
        CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
            .withTimeout(Duration.ofSeconds(30));
    if (batch != null) {
      batch.close(leave);
    }
    streams.close(leave);
    if (fleet != null) {
      fleet.close();
    }
    instrumentation.close();
    router.close();
  }
}
