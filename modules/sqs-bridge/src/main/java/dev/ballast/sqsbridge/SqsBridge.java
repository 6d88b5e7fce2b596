package dev.ballast.sqsbridge;

import dev.ballast.client.BallastClient;
import dev.ballast.schemas.InferenceResult;
import dev.ballast.schemas.Topic;
import dev.ballast.schemas.Topics;
import dev.ballast.sqsbridge.internal.BridgeCounters;
import dev.ballast.sqsbridge.internal.MessageDecoder;
import dev.ballast.sqsbridge.internal.ReplyPump;
import dev.ballast.sqsbridge.internal.RequestPump;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.SqsAsyncClientBuilder;

/**
 * A running SQS bridge: requests from the request queue to Ballast's request topic (deleted only
 * after Kafka acknowledged them), and the results of those requests to their reply queues. Threads:
 * {@code sqs-bridge-requests} (long polls), {@code sqs-bridge-replies} (results consumer), {@code
 * sqs-bridge-visibility} (visibility extension); plus Kafka's and the SDK's I/O threads.
 *
 * <p>This class is thread-safe.
 */
public final class SqsBridge implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(SqsBridge.class);

  private final SqsAsyncClient sqs;
  private final boolean ownsSqs;
  private final BallastClient kafka;
  private final RequestPump requests;
  private final ReplyPump replies;
  private final Thread requestThread;
  private final Thread replyThread;
  private final ScheduledExecutorService scheduler;
  private final SqsBridgeMetrics metrics;
  private final Duration visibility;

  private SqsBridge(
      SqsBridgeConfig config,
      SqsAsyncClient sqs,
      boolean ownsSqs,
      Map<String, String> kafkaSettings) {
    this.sqs = sqs;
    this.ownsSqs = ownsSqs;
    this.visibility = config.visibilityTimeout();
    BridgeCounters counters = new BridgeCounters();
    this.metrics = new SqsBridgeMetrics(counters);
    Topics topics = Topics.withPrefix(config.topicPrefix());
    this.kafka = BallastClient.create(config.bootstrapServers(), topics, kafkaSettings);
    this.requests =
        new RequestPump(
            sqs,
            kafka,
            new MessageDecoder(config.name(), config.defaultRoute()),
            config.lane(),
            config.requestQueueUrl(),
            config.waitTime(),
            config.visibilityTimeout(),
            config.maxInFlight(),
            counters);
    this.replies =
        new ReplyPump(
            resultConsumer(config, topics, kafkaSettings),
            sqs,
            config.name(),
            config.replyQueueUrl(),
            counters);
    this.requestThread = new Thread(requests, "sqs-bridge-requests");
    this.replyThread = new Thread(replies, "sqs-bridge-replies");
    this.scheduler =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "sqs-bridge-visibility");
              t.setDaemon(true);
              return t;
            });
  }

  /**
   * Starts a bridge with an SQS client built from the configuration (region, endpoint; the SDK's
   * default credentials chain).
   *
   * @param kafkaSettings Kafka client settings (security, timeouts) for its producer and consumer
   */
  public static SqsBridge start(SqsBridgeConfig config, Map<String, String> kafkaSettings) {
    SqsAsyncClientBuilder b =
        SqsAsyncClient.builder().httpClientBuilder(NettyNioAsyncHttpClient.builder());
    if (config.region() != null) {
      b.region(Region.of(config.region()));
    }
    if (config.endpoint() != null) {
      b.endpointOverride(config.endpoint());
    }
    return new SqsBridge(config, b.build(), true, kafkaSettings).start();
  }

  /** Starts a bridge on {@code sqs}, which the caller keeps and closes. */
  public static SqsBridge start(
      SqsBridgeConfig config, SqsAsyncClient sqs, Map<String, String> kafkaSettings) {
    return new SqsBridge(config, sqs, false, kafkaSettings).start();
  }

  private SqsBridge start() {
    requestThread.start();
    replyThread.start();
    long every = Math.max(200, visibility.toMillis() / 4);
    scheduler.scheduleWithFixedDelay(
        requests::extendVisibility, every, every, TimeUnit.MILLISECONDS);
    log.info("SQS bridge running");
    return this;
  }

  private static KafkaConsumer<String, InferenceResult> resultConsumer(
      SqsBridgeConfig config, Topics topics, Map<String, String> kafkaSettings) {
    Map<String, Object> p = new HashMap<>(kafkaSettings);
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
    p.put(ConsumerConfig.GROUP_ID_CONFIG, "ballast-sqs-bridge-" + config.name());
    if (config.instanceId() != null) {
      p.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, config.instanceId());
    }
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    Topic<String, InferenceResult> t = topics.results();
    KafkaConsumer<String, InferenceResult> c =
        new KafkaConsumer<>(p, t.keySerde().deserializer(), t.valueSerde().deserializer());
    c.subscribe(List.of(t.name()));
    return c;
  }

  /** The bridge's counters. */
  public SqsBridgeMetrics metrics() {
    return metrics;
  }

  /** Messages received and not yet acknowledged by Kafka. */
  public int inFlight() {
    return requests.inFlight();
  }

  /**
   * Stops receiving, waits for pending sends and deletes (up to the producer's close timeout),
   * stops replying, closes clients.
   */
  @Override
  public void close() {
    requests.stop();
    join(requestThread, Duration.ofSeconds(30));
    kafka.flush();
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (requests.inFlight() > 0 && System.nanoTime() < deadline) {
      LockSupport.parkNanos(10_000_000L); // deletes of acknowledged messages are finishing
    }
    replies.stop();
    join(replyThread, Duration.ofSeconds(30));
    scheduler.shutdownNow();
    kafka.close();
    if (ownsSqs) {
      sqs.close();
    }
    log.info("SQS bridge stopped: {}", metrics.snapshot());
  }

  private static void join(Thread t, Duration timeout) {
    try {
      t.join(timeout.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
