package dev.ballast.client;

import dev.ballast.client.internal.ReplyReader;
import dev.ballast.schemas.InferenceRequest;
import dev.ballast.schemas.InferenceResult;
import dev.ballast.schemas.Topic;
import dev.ballast.schemas.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;

/**
 * What a client service needs: send requests, wait for their results ({@link #call}), or read them
 * ({@code read_committed}: only committed results). Requests are keyed by conversation, else id.
 *
 * <p>Thread-safe for submit and call; each {@link Results} reader belongs to one thread. Kafka
 * settings given at creation (security, timeouts) apply to every producer and consumer it makes.
 */
public final class BallastClient implements AutoCloseable {

  /** Default of {@link #call(InferenceRequest)}'s timeout. */
  public static final Duration DEFAULT_CALL_TIMEOUT = Duration.ofMinutes(5);

  /** Default bound of calls waiting for a result at once. */
  public static final int DEFAULT_MAX_PENDING_CALLS = 10_000;

  private final Topics topics;
  private final Properties base;
  private final KafkaProducer<String, InferenceRequest> producer;
  private final Duration callTimeout;
  private final int maxPendingCalls;
  private ReplyReader replies; // guarded by this
  private boolean closed; // guarded by this

  private BallastClient(
      String bootstrapServers,
      Topics topics,
      Map<String, ?> settings,
      Duration callTimeout,
      int maxPendingCalls) {
    this.topics = Objects.requireNonNull(topics, "topics");
    this.callTimeout = requirePositive(callTimeout);
    if (maxPendingCalls < 1) {
      throw new IllegalArgumentException("maxPendingCalls must be at least 1: " + maxPendingCalls);
    }
    this.maxPendingCalls = maxPendingCalls;
    this.base = new Properties();
    base.putAll(settings);
    base.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    Properties p = new Properties();
    p.putAll(base);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    p.put(ProducerConfig.LINGER_MS_CONFIG, "1");
    Topic<String, InferenceRequest> t = topics.requests();
    this.producer = new KafkaProducer<>(p, t.keySerde().serializer(), t.valueSerde().serializer());
  }

  /** A client of the pipeline whose topics are {@code topics}, at {@code bootstrapServers}. */
  public static BallastClient create(String bootstrapServers, Topics topics) {
    return create(bootstrapServers, topics, Map.of());
  }

  /**
   * As {@link #create(String, Topics)} with Kafka client settings (security, timeouts) applied to
   * every producer and consumer; {@code bootstrap.servers} among them is ignored.
   */
  public static BallastClient create(
      String bootstrapServers, Topics topics, Map<String, ?> clientSettings) {
    return create(
        bootstrapServers, topics, clientSettings, DEFAULT_CALL_TIMEOUT, DEFAULT_MAX_PENDING_CALLS);
  }

  /**
   * As {@link #create(String, Topics, Map)} with the defaults of {@link #call}.
   *
   * @param callTimeout how long {@link #call(InferenceRequest)} waits for a result; positive
   * @param maxPendingCalls most calls waiting at once; a call beyond fails at once
   */
  public static BallastClient create(
      String bootstrapServers,
      Topics topics,
      Map<String, ?> clientSettings,
      Duration callTimeout,
      int maxPendingCalls) {
    return new BallastClient(
        bootstrapServers, topics, clientSettings, callTimeout, maxPendingCalls);
  }

  /**
   * Sends a request to the online lane, keyed by its conversation id when it has one (so a
   * conversation's requests share a partition and can be answered in order), else by its id.
   */
  public Future<RecordMetadata> submit(InferenceRequest request) {
    return producer.send(new ProducerRecord<>(topics.requests().name(), key(request), request));
  }

  /** Sends a request to the batch (backfill) lane. */
  public Future<RecordMetadata> submitBatch(InferenceRequest request) {
    return producer.send(
        new ProducerRecord<>(topics.batchRequests().name(), key(request), request));
  }

  /**
   * Sends a request to {@code lane}, keyed as {@link #submit(InferenceRequest)} does. The future
   * completes when Kafka acknowledged the record (acks=all, idempotent producer), or exceptionally
   * with the producer's error; it completes on the producer's I/O thread.
   */
  public CompletableFuture<RecordMetadata> submit(InferenceRequest request, Lane lane) {
    CompletableFuture<RecordMetadata> acked = new CompletableFuture<>();
    try {
      producer.send(
          new ProducerRecord<>(lane.topic(topics).name(), key(request), request),
          (metadata, e) -> {
            if (e != null) {
              acked.completeExceptionally(e);
            } else {
              acked.complete(metadata);
            }
          });
    } catch (RuntimeException e) {
      acked.completeExceptionally(e);
    }
    return acked;
  }

  /** As {@link #call(InferenceRequest, Duration)} with the client's call timeout. */
  public CompletableFuture<InferenceResult> call(InferenceRequest request) {
    return call(request, callTimeout);
  }

  /**
   * Sends a request to the online lane and returns its result: an asynchronous RPC. Every call of a
   * client is answered by one shared reader of the results topic (started on the first call), which
   * matches results to calls by request id.
   *
   * <p>The future completes with the first committed result for the request's id, or exceptionally
   * with {@link CallTimeoutException} after {@code timeout}, or with {@link BallastClientException}
   * when the request cannot be sent, the same id is already pending, {@code maxPendingCalls} calls
   * are pending, or the client closes. Cancelling the future forgets the call (the request, once
   * sent, is still served). It completes on a thread of the client: run slow dependent work with
   * the {@code *Async} methods and an executor of your own.
   *
   * @param timeout how long to wait for the result; positive
   */
  public CompletableFuture<InferenceResult> call(InferenceRequest request, Duration timeout) {
    requirePositive(timeout);
    String id = request.getId();
    ReplyReader reader = replies();
    CompletableFuture<InferenceResult> result = reader.register(id, timeout);
    if (result.isDone()) {
      return result;
    }
    reader
        .ready()
        .whenComplete(
            (ok, error) -> {
              if (error != null) {
                result.completeExceptionally(error);
              } else if (!result.isDone()) {
                send(request, result);
              }
            });
    return result;
  }

  /** Calls waiting for their result now. */
  public synchronized int pendingCalls() {
    return replies == null ? 0 : replies.pendingCalls();
  }

  private void send(InferenceRequest request, CompletableFuture<InferenceResult> result) {
    submit(request, Lane.ONLINE)
        .whenComplete(
            (metadata, e) -> {
              if (e != null) {
                result.completeExceptionally(
                    new BallastClientException(
                        "cannot send request " + request.getId() + ": " + e.getMessage(), e));
              }
            });
  }

  private synchronized ReplyReader replies() {
    if (closed) {
      throw new IllegalStateException("the client is closed");
    }
    if (replies == null || replies.failed()) {
      if (replies != null) {
        replies.close();
      }
      replies = new ReplyReader(this::resultConsumer, topics.results().name(), maxPendingCalls);
      replies.start();
    }
    return replies;
  }

  private static String key(InferenceRequest request) {
    return request.getConversationId() != null ? request.getConversationId() : request.getId();
  }

  /** Sends whatever the producer still buffers and waits for the acknowledgements. */
  public void flush() {
    producer.flush();
  }

  /**
   * A reader of every partition of the results topic, without a consumer group.
   *
   * @param fromBeginning start at the earliest result, else at the end (only new results)
   */
  public Results results(boolean fromBeginning) {
    KafkaConsumer<String, InferenceResult> consumer = resultConsumer();
    String name = topics.results().name();
    List<TopicPartition> partitions = new ArrayList<>();
    for (PartitionInfo info : consumer.partitionsFor(name, Duration.ofSeconds(30))) {
      partitions.add(new TopicPartition(info.topic(), info.partition()));
    }
    consumer.assign(partitions);
    if (fromBeginning) {
      consumer.seekToBeginning(partitions);
    } else {
      consumer.seekToEnd(partitions);
      partitions.forEach(consumer::position); // fix the start now, not at the first poll
    }
    return new Results(consumer);
  }

  private KafkaConsumer<String, InferenceResult> resultConsumer() {
    Properties p = new Properties();
    p.putAll(base);
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "2000");
    p.remove(ConsumerConfig.GROUP_ID_CONFIG);
    Topic<String, InferenceResult> t = topics.results();
    return new KafkaConsumer<>(p, t.keySerde().deserializer(), t.valueSerde().deserializer());
  }

  private static Duration requirePositive(Duration timeout) {
    if (timeout == null || timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("a call timeout must be positive: " + timeout);
    }
    return timeout;
  }

  /** Stops the results reader (failing calls still pending) and closes the producer. */
  @Override
  public void close() {
    ReplyReader reader;
    synchronized (this) {
      closed = true;
      reader = replies;
    }
    if (reader != null) {
      reader.close();
    }
    producer.close(Duration.ofSeconds(10));
  }

  /** A reader of results; one thread only. */
  public static final class Results implements AutoCloseable {
    private final KafkaConsumer<String, InferenceResult> consumer;

    private Results(KafkaConsumer<String, InferenceResult> consumer) {
      this.consumer = consumer;
    }

    /** Results that arrived within {@code timeout}; possibly none. */
    public List<InferenceResult> poll(Duration timeout) {
      List<InferenceResult> out = new ArrayList<>();
      for (ConsumerRecord<String, InferenceResult> r : consumer.poll(timeout)) {
        if (r.value() != null) {
          out.add(r.value());
        }
      }
      return out;
    }

    @Override
    public void close() {
      consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
    }
  }
}
