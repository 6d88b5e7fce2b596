package dev.ballast.pipeline;

import dev.ballast.schemas.InferenceRequest;
import dev.ballast.schemas.InferenceResult;
import dev.ballast.schemas.Topic;
import dev.ballast.schemas.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
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
 * What a client service needs: produce requests, read results. Requests are keyed by id; results
 * are read with {@code read_committed}, so only committed (exactly-once) results are seen.
 *
 * <p>A client is thread-safe for {@link #submit}; each {@link Results} reader belongs to one
 * thread.
 */
public final class BallastClient implements AutoCloseable {

  private final Topics topics;
  private final Properties base;
  private final KafkaProducer<String, InferenceRequest> producer;

  private BallastClient(String bootstrapServers, Topics topics, Map<String, ?> overrides) {
    this.topics = topics;
    this.base = new Properties();
    base.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    base.putAll(overrides);
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
    return new BallastClient(bootstrapServers, topics, Map.of());
  }

  /** As {@link #create(String, Topics)} with extra client settings (security, timeouts). */
  public static BallastClient create(
      String bootstrapServers, Topics topics, Map<String, ?> clientOverrides) {
    return new BallastClient(bootstrapServers, topics, clientOverrides);
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

  private static String key(InferenceRequest request) {
    return request.getConversationId() != null ? request.getConversationId() : request.getId();
  }

  public void flush() {
    producer.flush();
  }

  /**
   * A reader of every partition of the results topic, without a consumer group.
   *
   * @param fromBeginning start at the earliest result, else at the end (only new results)
   */
  public Results results(boolean fromBeginning) {
    Properties p = new Properties();
    p.putAll(base);
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "2000");
    Topic<String, InferenceResult> t = topics.results();
    KafkaConsumer<String, InferenceResult> consumer =
        new KafkaConsumer<>(p, t.keySerde().deserializer(), t.valueSerde().deserializer());
    List<TopicPartition> partitions = new ArrayList<>();
    for (PartitionInfo info : consumer.partitionsFor(t.name(), Duration.ofSeconds(30))) {
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

  @Override
  public void close() {
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
