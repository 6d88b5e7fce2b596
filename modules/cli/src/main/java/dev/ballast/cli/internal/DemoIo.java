package dev.ballast.cli.internal;

import dev.ballast.broker.EmbeddedKafkaBroker;
import dev.ballast.client.JsonCodec;
import dev.ballast.schemas.InferenceResult;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The demo's files and topic counts. Stateless. */
final class DemoIo {

  private static final Logger log = LoggerFactory.getLogger(DemoIo.class);

  private DemoIo() {}

  static long countRecords(EmbeddedKafkaBroker broker, String topic) {
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(
            broker.clientProperties(Map.of("isolation.level", "read_committed")),
            new ByteArrayDeserializer(),
            new ByteArrayDeserializer())) {
      List<TopicPartition> partitions = new ArrayList<>();
      for (PartitionInfo p : consumer.partitionsFor(topic, Duration.ofSeconds(10))) {
        partitions.add(new TopicPartition(topic, p.partition()));
      }
      long n = 0;
      for (var e : consumer.endOffsets(partitions).entrySet()) {
        n += e.getValue();
      }
      for (var e : consumer.beginningOffsets(partitions).entrySet()) {
        n -= e.getValue();
      }
      // Under exactly-once, end offsets include transaction markers; count records instead.
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      long counted = 0;
      long idle = 0;
      while (idle < 3) {
        int got = consumer.poll(Duration.ofMillis(100)).count();
        counted += got;
        idle = got == 0 ? idle + 1 : 0;
      }
      return Math.min(n, counted);
    }
  }

  static Path tempDir() {
    try {
      return Files.createTempDirectory("ballast-demo-state-");
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create a state directory", e);
    }
  }

  static void deleteQuietly(Path dir) {
    try (var paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      log.debug("Cannot delete {}", dir, e);
    }
  }

  /** Writes the results as JSON lines to {@code file}, saying so (or why not) on {@code out}. */
  static void writeResults(Path file, PrintWriter out, Collection<InferenceResult> results) {
    try (var w = Files.newBufferedWriter(file)) {
      for (InferenceResult r : results) {
        w.write(JsonCodec.result(r).toString());
        w.newLine();
      }
      out.println("  results written to " + file);
    } catch (IOException e) {
      out.println("  cannot write " + file + ": " + e.getMessage());
    }
  }

  /** Waits up to 10 s for {@code t}; keeps the interrupt. */
  static void join(Thread t) {
    try {
      t.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Sleeps {@code ms}; keeps the interrupt. */
  static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
