package dev.ballast.cli.backfill.internal;

import dev.ballast.client.JsonCodec;
import dev.ballast.schemas.InferenceResult;
import dev.ballast.schemas.Topic;
import dev.ballast.schemas.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;

/**
 * Reads the whole results topic ({@code read_committed}, from the beginning, no consumer group) and
 * keeps the results of one job's request ids ({@code <jobId>-<line>}) in the spill: what an earlier
 * run already got and what this run gets. Its thread ({@code backfill-results}) owns the consumer;
 * {@link #caughtUp()} and {@link #stop()} may be called from any thread.
 */
public final class JobResults implements AutoCloseable {

  private final KafkaConsumer<String, InferenceResult> consumer;
  private final String idPrefix;
  private final ResultSpill spill;
  private final IntConsumer onAnswered;
  private final Thread thread;
  private volatile boolean caughtUp;
  private volatile boolean running = true;
  private volatile RuntimeException failure;

  public JobResults(
      String bootstrapServers,
      Topics topics,
      Map<String, String> settings,
      String jobId,
      ResultSpill spill,
      IntConsumer onAnswered) {
    Map<String, Object> p = new HashMap<>(settings);
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "2000");
    p.remove(ConsumerConfig.GROUP_ID_CONFIG);
    Topic<String, InferenceResult> t = topics.results();
    this.consumer =
        new KafkaConsumer<>(p, t.keySerde().deserializer(), t.valueSerde().deserializer());
    this.idPrefix = jobId + "-";
    this.spill = spill;
    this.onAnswered = onAnswered;
    this.thread = new Thread(() -> run(t.name()), "backfill-results");
    thread.setDaemon(true);
  }

  public void start() {
    thread.start();
  }

  private void run(String topic) {
    try {
      List<TopicPartition> partitions = new ArrayList<>();
      for (PartitionInfo i : consumer.partitionsFor(topic, Duration.ofSeconds(30))) {
        partitions.add(new TopicPartition(topic, i.partition()));
      }
      if (partitions.isEmpty()) {
        throw new IllegalStateException("results topic " + topic + " not found");
      }
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      while (running) {
        for (ConsumerRecord<String, InferenceResult> r : consumer.poll(Duration.ofMillis(100))) {
          take(r.value());
        }
        if (!caughtUp) {
          caughtUp = partitions.stream().allMatch(tp -> consumer.position(tp) >= end.get(tp));
        }
      }
    } catch (WakeupException e) {
      // stopping
    } catch (RuntimeException e) {
      failure = e;
    } finally {
      consumer.close();
    }
  }

  private void take(InferenceResult r) {
    if (r == null || !r.getId().startsWith(idPrefix)) {
      return;
    }
    int line;
    try {
      line = Integer.parseInt(r.getId().substring(idPrefix.length()));
    } catch (NumberFormatException e) {
      return;
    }
    byte[] json = JsonCodec.result(r).toString().getBytes(StandardCharsets.UTF_8);
    if (spill.put(line, json)) {
      onAnswered.accept(line);
    }
  }

  /**
   * Whether every result committed before this reader started has been read.
   *
   * @throws IllegalStateException when the reader failed
   */
  public boolean caughtUp() {
    if (failure != null) {
      throw new IllegalStateException("cannot read the results topic: " + failure, failure);
    }
    return caughtUp;
  }

  /** Stops the reader and waits for its thread. */
  public void stop() {
    running = false;
    consumer.wakeup();
    try {
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    if (thread.isAlive()) {
      stop();
    }
  }
}
