package dev.ballast.bench.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * What exactly-once itself costs, without Ballast, in two shapes; latency is always the time a
 * {@code read_committed} consumer reads a record minus the time its send was due (open loop).
 *
 * <ul>
 *   <li>{@link #consumeTransformProduce}: the shape of any exactly-once Kafka app, Ballast's
 *       included. A plain producer with the Ballast client's settings sends requests at a fixed
 *       rate; one loop consumes them ({@code read_committed}, in a consumer group), writes one
 *       record for each with a transactional producer, and commits as Kafka Streams does under
 *       {@code exactly_once_v2}: the consumed offsets sent to the transaction, then the commit,
 *       once a commit interval has passed since the end of its last commit check.
 *   <li>{@link #produceOnly}: a transactional producer sends at the fixed rate itself and commits
 *       on the same schedule, with nothing consumed: no request hop and no offsets in the
 *       transaction, so below what any app that reads its input from Kafka can reach.
 * </ul>
 *
 * @param bootstrap the broker
 * @param partitions partitions of each topic created
 * @param rate records (requests) per second
 * @param warmup records sent first, not measured
 * @param total records sent in all, warm-up included
 * @param commitInterval how often a transaction commits, counted as Kafka Streams counts it
 */
record ExactlyOnceFloor(
    String bootstrap, int partitions, int rate, int warmup, int total, Duration commitInterval) {

  /**
   * Measures the produce-only floor on the caller's thread (producer) and one reader thread.
   *
   * @param topic a topic name of its own (created here)
   * @return the measured records (the warm-up's are not logged)
   */
  OpenLoopLog produceOnly(String topic) {
    createTopics(topic);
    OpenLoopLog log = new OpenLoopLog();
    AtomicBoolean stop = new AtomicBoolean();
    Thread reader = start("bench-floor", () -> read(bootstrap, topic, partitions, log, stop));
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(
            transactional(bootstrap, topic + "-producer"),
            new StringSerializer(),
            new StringSerializer())) {
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
    awaitAnswers(log, stop, reader);
    return log;
  }

  /**
   * Measures the consume-transform-produce floor: requests to {@code topic + ".in"}, records out to
   * {@code topic + ".out"} (both created here with {@code partitions}). Runs the sender on the
   * caller's thread, the transactional loop and the reader on a thread each.
   *
   * @param topic a name of its own for the two topics, the group and the transactional id
   * @return the measured requests (the warm-up's are not logged)
   * @throws IllegalStateException when the topics cannot be created or the loop is not assigned its
   *     partitions within 60 s
   */
  OpenLoopLog consumeTransformProduce(String topic) {
    String in = topic + ".in";
    String out = topic + ".out";
    createTopics(in, out);
    OpenLoopLog log = new OpenLoopLog();
    AtomicBoolean stop = new AtomicBoolean();
    CountDownLatch assigned = new CountDownLatch(1);
    Thread loop = start("bench-floor-eos", () -> transform(topic, in, out, assigned, stop));
    Thread reader = start("bench-floor", () -> read(bootstrap, out, partitions, log, stop));
    try {
      if (!assigned.await(60, TimeUnit.SECONDS)) {
        throw new IllegalStateException("The floor's loop was not assigned " + in + " in 60 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted", e);
    }
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    // As BallastClient's producer.
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    p.put(ProducerConfig.LINGER_MS_CONFIG, "1");
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
      Pacer pacer = new Pacer(rate);
      for (int i = 0; i < total; i++) {
        long due = pacer.awaitNext();
        String id = (i < warmup ? "w-" : "m-") + i;
        if (i >= warmup) {
          log.sent(id, due);
        }
        producer.send(new ProducerRecord<>(in, id, id));
      }
    }
    awaitAnswers(log, stop, loop, reader);
    return log;
  }

  /**
   * The exactly-once loop: consumes {@code in}, writes a record for each to {@code out} in a
   * transaction, and commits once a commit interval has passed since its last commit check ended,
   * sending the consumed offsets to the transaction first; stops after {@code stop} with nothing
   * left uncommitted.
   */
  private void transform(
      String topic, String in, String out, CountDownLatch assigned, AtomicBoolean stop) {
    Properties c = new Properties();
    c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    c.put(ConsumerConfig.GROUP_ID_CONFIG, topic + "-group");
    c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    long commitNanos = commitInterval.toNanos();
    try (KafkaConsumer<String, String> consumer =
            new KafkaConsumer<>(c, new StringDeserializer(), new StringDeserializer());
        KafkaProducer<String, String> producer =
            new KafkaProducer<>(
                transactional(bootstrap, topic + "-producer"),
                new StringSerializer(),
                new StringSerializer())) {
      producer.initTransactions();
      consumer.subscribe(
          List.of(in),
          new ConsumerRebalanceListener() {
            @Override
            public void onPartitionsRevoked(Collection<TopicPartition> partitions) {}

            @Override
            public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
              if (!partitions.isEmpty()) {
                assigned.countDown();
              }
            }
          });
      Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
      long nextCommit = System.nanoTime() + commitNanos;
      while (!stop.get() || !offsets.isEmpty()) {
        long wait = offsets.isEmpty() ? 100_000_000L : nextCommit - System.nanoTime();
        // The consumer counts whole milliseconds: round up, so that the poll does not end early.
        for (ConsumerRecord<String, String> r :
            consumer.poll(Duration.ofMillis(Math.max(0, (wait + 999_999) / 1_000_000)))) {
          if (offsets.isEmpty()) {
            producer.beginTransaction();
          }
          producer.send(new ProducerRecord<>(out, r.key(), r.value()));
          offsets.put(
              new TopicPartition(r.topic(), r.partition()), new OffsetAndMetadata(r.offset() + 1));
        }
        if (System.nanoTime() >= nextCommit) {
          if (!offsets.isEmpty()) {
            producer.sendOffsetsToTransaction(offsets, consumer.groupMetadata());
            producer.commitTransaction();
            offsets.clear();
          }
          nextCommit = System.nanoTime() + commitNanos;
        }
      }
    }
  }

  private void createTopics(String... topics) {
    List<NewTopic> created = new ArrayList<>();
    for (String t : topics) {
      created.add(new NewTopic(t, partitions, (short) 1));
    }
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
      admin.createTopics(created).all().get();
    } catch (Exception e) {
      throw new IllegalStateException("Cannot create " + List.of(topics), e);
    }
  }

  private static Properties transactional(String bootstrap, String transactionalId) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
    p.put(ProducerConfig.LINGER_MS_CONFIG, 0);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    // As the pipeline's producers (StreamsSettings): right after a commit the broker answers
    // CONCURRENT_TRANSACTIONS until its markers are written, and the default 100 ms backoff would
    // hold the next transaction's first send that long, making the floor slower than Ballast.
    p.put(ProducerConfig.RETRY_BACKOFF_MS_CONFIG, 5);
    p.put(ProducerConfig.RETRY_BACKOFF_MAX_MS_CONFIG, 100);
    return p;
  }

  private static Thread start(String name, Runnable body) {
    Thread t = new Thread(body, name);
    t.setDaemon(true);
    t.start();
    return t;
  }

  /** Waits up to 30 s for every logged record to be read, then stops and joins {@code threads}. */
  private static void awaitAnswers(OpenLoopLog log, AtomicBoolean stop, Thread... threads) {
    Waits.until(Duration.ofSeconds(30), () -> log.missing() == 0);
    stop.set(true);
    try {
      for (Thread t : threads) {
        t.join(10_000);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
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
