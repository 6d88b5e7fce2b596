package dev.ballast.bench.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * What exactly-once itself costs, without Ballast: a transactional producer sends at a fixed rate
 * (open loop) and commits as Kafka Streams does under {@code exactly_once_v2}, once a commit
 * interval has passed since the end of its last commit check; a {@code read_committed} consumer
 * reads the records. Latency is the read time minus the send's due time. Runs on the caller's
 * thread (producer) and one reader thread.
 */
final class ExactlyOnceFloor {

  private ExactlyOnceFloor() {}

  /**
   * Measures the floor.
   *
   * @param bootstrap the broker
   * @param topic a topic name of its own (created here with {@code partitions})
   * @param rate records per second
   * @param warmup records sent first, not measured
   * @param total records sent in all, warm-up included
   * @param commitInterval how often the producer commits its transaction
   * @return the measured records (the warm-up's are not logged)
   */
  static OpenLoopLog measure(
      String bootstrap,
      String topic,
      int partitions,
      int rate,
      int warmup,
      int total,
      Duration commitInterval) {
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
      admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get();
    } catch (Exception e) {
      throw new IllegalStateException("Cannot create " + topic, e);
    }
    OpenLoopLog log = new OpenLoopLog();
    AtomicBoolean stop = new AtomicBoolean();
    Thread reader = new Thread(() -> read(bootstrap, topic, partitions, log, stop), "bench-floor");
    reader.setDaemon(true);
    reader.start();
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, topic + "-producer");
    p.put(ProducerConfig.LINGER_MS_CONFIG, 0);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    // As the pipeline's producers (StreamsSettings): right after a commit the broker answers
    // CONCURRENT_TRANSACTIONS until its markers are written, and the default 100 ms backoff would
    // hold the next transaction's first send that long, making the floor slower than Ballast.
    p.put(ProducerConfig.RETRY_BACKOFF_MS_CONFIG, 5);
    p.put(ProducerConfig.RETRY_BACKOFF_MAX_MS_CONFIG, 100);
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
      producer.initTransactions();
      long interval = 1_000_000_000L / rate;
      long commitNanos = commitInterval.toNanos();
      long t0 = System.nanoTime();
      long nextCommit = t0 + commitNanos;
      boolean open = false;
      int i = 0;
      while (i < total || open) {
        long now = System.nanoTime();
        long due = t0 + i * interval;
        if (now >= nextCommit && (open || i < total)) {
          if (open) {
            producer.commitTransaction();
            open = false;
          }
          // As Kafka Streams counts commit.interval.ms: from the end of the last commit check,
          // so a commit's own time lengthens the cycle.
          nextCommit = System.nanoTime() + commitNanos;
        } else if (i < total && now >= due) {
          if (!open) {
            producer.beginTransaction();
            open = true;
          }
          String id = (i < warmup ? "w-" : "m-") + i;
          if (i >= warmup) {
            log.sent(id, due);
          }
          producer.send(new ProducerRecord<>(topic, id, id));
          i++;
        } else {
          long until = i < total ? due : nextCommit;
          if (open) {
            until = Math.min(until, nextCommit);
          }
          LockSupport.parkNanos(Math.max(1_000, until - now));
        }
      }
    }
    Waits.until(Duration.ofSeconds(30), () -> log.missing() == 0);
    stop.set(true);
    try {
      reader.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return log;
  }

  private static void read(
      String bootstrap, String topic, int partitions, OpenLoopLog log, AtomicBoolean stop) {
    Properties c = new Properties();
    c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(c, new StringDeserializer(), new StringDeserializer())) {
      List<TopicPartition> tps = new ArrayList<>();
      for (int i = 0; i < partitions; i++) {
        tps.add(new TopicPartition(topic, i));
      }
      consumer.assign(tps);
      consumer.seekToBeginning(tps);
      while (!stop.get()) {
        for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(20))) {
          log.answered(r.key(), System.nanoTime());
        }
      }
    }
  }
}
