package dev.ballast.pipeline.internal;

import dev.ballast.schemas.EndpointSignal;
import dev.ballast.schemas.Topic;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code endpoints} topic as the fleet uses it: a producer that never waits long (a record that
 * cannot be sent is logged and dropped: the fleet is then as good as absent, never in the way), and
 * a group-less consumer of every partition from the beginning that skips records it cannot decode.
 *
 * <p>{@link #send} is thread-safe; the reading methods belong to one thread at a time ({@link
 * #wakeup} and {@link #close} excepted).
 */
public final class FleetChannel implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(FleetChannel.class);

  /**
   * One record read.
   *
   * @param signal its value, never null
   * @param timestampMs its timestamp: log-append time where the topic has it (as Ballast creates
   *     it), else the writer's create time
   */
  record Read(EndpointSignal signal, long timestampMs) {}

  private final Topic<String, EndpointSignal> topic;
  private final KafkaProducer<byte[], byte[]> producer;
  private final KafkaConsumer<byte[], byte[]> consumer;

  private FleetChannel(
      Topic<String, EndpointSignal> topic,
      KafkaProducer<byte[], byte[]> producer,
      KafkaConsumer<byte[], byte[]> consumer) {
    this.topic = topic;
    this.producer = producer;
    this.consumer = consumer;
  }

  /**
   * A channel over {@code topic}.
   *
   * @param clientProps bootstrap servers and security settings (the admin client's)
   * @param clientId prefix of the producer's and consumer's client ids
   */
  public static FleetChannel connect(
      Map<String, Object> clientProps, Topic<String, EndpointSignal> topic, String clientId) {
    Map<String, Object> p = new HashMap<>(clientProps);
    p.put(ProducerConfig.CLIENT_ID_CONFIG, clientId + "-fleet-producer");
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.LINGER_MS_CONFIG, 0);
    p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 2000);
    p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 10_000);
    p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000);
    KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    Map<String, Object> c = new HashMap<>(clientProps);
    c.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId + "-fleet-consumer");
    c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    // A signal ends the broker's wait at once; without one, the thread wakes for the broker's empty
    // answer no more often than for its own heartbeat (Kafka's default would be twice as often).
    c.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, (int) QuotaShare.HEARTBEAT_MS);
    KafkaConsumer<byte[], byte[]> consumer;
    try {
      consumer = new KafkaConsumer<>(c, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    } catch (RuntimeException e) {
      producer.close(Duration.ZERO);
      throw e;
    }
    return new FleetChannel(topic, producer, consumer);
  }

  /** Partitions of {@code name}, as the consumer's metadata has them. */
  int partitions(String name, Duration timeout) {
    return consumer.partitionsFor(name, timeout).size();
  }

  /**
   * Assigns every partition from the beginning and hands each record to {@code sink} until the end
   * offsets seen at the start are reached.
   *
   * @throws IllegalStateException when that takes longer than {@code timeout}
   */
  void readToEnd(Duration timeout, Consumer<Read> sink) {
    long deadline = System.nanoTime() + timeout.toNanos();
    List<TopicPartition> parts =
        consumer.partitionsFor(topic.name(), timeout).stream()
            .map(i -> new TopicPartition(i.topic(), i.partition()))
            .toList();
    consumer.assign(parts);
    consumer.seekToBeginning(parts);
    Map<TopicPartition, Long> end = consumer.endOffsets(parts, timeout);
    // Warm the producer's metadata now, so the first send does not wait for it.
    producer.partitionsFor(topic.name());
    while (!caughtUp(end)) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "cannot read " + topic.name() + " to its end within " + timeout.toMillis() + " ms");
      }
      poll(Duration.ofMillis(100)).forEach(sink);
    }
  }

  private boolean caughtUp(Map<TopicPartition, Long> end) {
    for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
      if (consumer.position(e.getKey()) < e.getValue()) {
        return false;
      }
    }
    return true;
  }

  /** The records of one poll, decoded; undecodable ones are logged and skipped. */
  List<Read> poll(Duration timeout) {
    List<Read> out = new ArrayList<>();
    for (ConsumerRecord<byte[], byte[]> r : consumer.poll(timeout)) {
      if (r.value() == null) {
        continue;
      }
      try {
        out.add(
            new Read(
                topic.valueSerde().deserializer().deserialize(r.topic(), r.value()),
                r.timestamp()));
      } catch (RuntimeException e) {
        log.warn(
            "Skipping an undecodable record of {} at partition {} offset {}: {}",
            r.topic(),
            r.partition(),
            r.offset(),
            e.toString());
      }
    }
    return out;
  }

  /** Sends without waiting for the broker; a failure is logged. */
  void send(String key, EndpointSignal value) {
    try {
      producer.send(
          new ProducerRecord<>(
              topic.name(),
              topic.keySerde().serializer().serialize(topic.name(), key),
              topic.valueSerde().serializer().serialize(topic.name(), value)),
          (meta, e) -> {
            if (e != null) {
              log.warn(
                  "Cannot share {} of {} with the fleet: {}", value.getKind(), key, e.toString());
            }
          });
    } catch (RuntimeException e) {
      log.warn("Cannot share {} of {} with the fleet: {}", value.getKind(), key, e.toString());
    }
  }

  /** Makes a blocked or the next {@link #poll} throw {@code WakeupException}. */
  void wakeup() {
    consumer.wakeup();
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(5));
    consumer.close(CloseOptions.timeout(Duration.ZERO));
  }
}
