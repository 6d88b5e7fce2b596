package dev.ballast.pipeline;

import dev.ballast.client.DeadLetterHeaders;
import dev.ballast.pipeline.internal.BallastHeaders;
import dev.ballast.schemas.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Re-drive: sends dead letters back to the request topic they came from (the batch lane's {@code
 * requests.batch} for batch requests, else the online lane), with their original key and bytes, so
 * they are served again. Progress is committed under a consumer group, so a second run sends only
 * what arrived since, unless asked to start from the beginning.
 *
 * <p>Atomic: each polled batch is sent and its dlq offsets committed in one Kafka transaction
 * ({@code sendOffsetsToTransaction}, transactional id {@code ballast-redrive-<group>}). A re-drive
 * that fails or is killed part-way leaves every batch either sent with its progress or neither, so
 * running it again sends nothing twice; a second re-drive of the same group started meanwhile
 * fences the first.
 */
public final class DeadLetters {

  /**
   * Which dead letters to re-drive.
   *
   * @param reasons reason codes to take; empty for all
   * @param since take records dead-lettered at or after this instant, or null
   * @param until take records dead-lettered before this instant, or null
   */
  public record Filter(Set<String> reasons, Instant since, Instant until) {
    public Filter {
      reasons = reasons == null ? Set.of() : Set.copyOf(reasons);
    }

    public static Filter all() {
      return new Filter(Set.of(), null, null);
    }

    boolean matches(ConsumerRecord<byte[], byte[]> r) {
      String reason = BallastHeaders.string(r.headers(), BallastHeaders.REASON_CODE);
      if (!reasons.isEmpty() && !reasons.contains(reason)) {
        return false;
      }
      String at = BallastHeaders.string(r.headers(), BallastHeaders.FAILED_AT);
      long failedAt = at == null ? r.timestamp() : Long.parseLong(at);
      return (since == null || failedAt >= since.toEpochMilli())
          && (until == null || failedAt < until.toEpochMilli());
    }
  }

  /**
   * What a re-drive did.
   *
   * @param scanned dead letters read
   * @param redriven dead letters sent back (or that would be, in a dry run)
   * @param byReason re-driven records per reason code
   */
  public record Report(long scanned, long redriven, Map<String, Long> byReason) {}

  private DeadLetters() {}

  /**
   * Re-drives the dead letters matching {@code filter} that the group has not re-driven yet.
   *
   * @param group consumer group that remembers progress
   * @param fromBeginning ignore remembered progress and scan the whole dlq
   * @param dryRun count only; send and commit nothing
   */
  public static Report redrive(
      String bootstrapServers,
      Topics topics,
      Filter filter,
      String group,
      boolean fromBeginning,
      boolean dryRun,
      Map<String, ?> clientOverrides) {
    Properties c = new Properties();
    c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    c.put(ConsumerConfig.GROUP_ID_CONFIG, group);
    c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    c.putAll(clientOverrides);
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "ballast-redrive-" + group);
    p.putAll(clientOverrides);
    long scanned = 0;
    long redriven = 0;
    Map<String, Long> byReason = new TreeMap<>();
    try (KafkaConsumer<byte[], byte[]> consumer =
            new KafkaConsumer<>(c, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        KafkaProducer<byte[], byte[]> producer =
            new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
      List<TopicPartition> partitions = new ArrayList<>();
      for (PartitionInfo info :
          consumer.partitionsFor(topics.dlq().name(), Duration.ofSeconds(30))) {
        partitions.add(new TopicPartition(info.topic(), info.partition()));
      }
      consumer.assign(partitions);
      if (fromBeginning) {
        consumer.seekToBeginning(partitions);
      }
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      if (!dryRun) {
        producer.initTransactions();
      }
      while (!caughtUp(consumer, partitions, end)) {
        Map<TopicPartition, OffsetAndMetadata> done = new HashMap<>();
        List<ProducerRecord<byte[], byte[]>> batch = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          TopicPartition tp = new TopicPartition(r.topic(), r.partition());
          if (r.offset() >= end.get(tp)) {
            continue;
          }
          scanned++;
          done.put(tp, new OffsetAndMetadata(r.offset() + 1));
          if (!filter.matches(r)) {
            continue;
          }
          String reason =
              String.valueOf(BallastHeaders.string(r.headers(), BallastHeaders.REASON_CODE));
          byReason.merge(reason, 1L, Long::sum);
          redriven++;
          batch.add(redriven(r, topics));
        }
        if (!dryRun && !done.isEmpty()) {
          sendAtomically(producer, batch, done, consumer.groupMetadata());
        }
      }
    }
    return new Report(scanned, redriven, byReason);
  }

  /**
   * Sends {@code batch} and commits {@code offsets} in one transaction; aborts it and rethrows when
   * a send fails (nothing of the batch is visible to read_committed readers, its progress is kept).
   */
  private static void sendAtomically(
      KafkaProducer<byte[], byte[]> producer,
      List<ProducerRecord<byte[], byte[]>> batch,
      Map<TopicPartition, OffsetAndMetadata> offsets,
      ConsumerGroupMetadata group) {
    producer.beginTransaction();
    try {
      List<Future<RecordMetadata>> sends = new ArrayList<>(batch.size());
      for (ProducerRecord<byte[], byte[]> record : batch) {
        sends.add(producer.send(record));
      }
      producer.flush();
      for (Future<RecordMetadata> send : sends) {
        send.get();
      }
      producer.sendOffsetsToTransaction(offsets, group);
      producer.commitTransaction();
    } catch (ProducerFencedException e) {
      throw new IllegalStateException(
          "another re-drive of the same group took over; this one stopped", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      producer.abortTransaction();
      throw new IllegalStateException("re-drive interrupted; the batch was not sent", e);
    } catch (ExecutionException | KafkaException e) {
      producer.abortTransaction();
      Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
      throw new IllegalStateException(
          "re-drive stopped: a dead letter could not be sent back ("
              + cause
              + "); its batch was not sent and its progress not committed, so a new run"
              + " retries it",
          cause);
    }
  }

  private static ProducerRecord<byte[], byte[]> redriven(
      ConsumerRecord<byte[], byte[]> r, Topics topics) {
    String source = BallastHeaders.string(r.headers(), BallastHeaders.SOURCE_TOPIC);
    String target =
        topics.batchRequests().name().equals(source) || topics.batchAdmitted().name().equals(source)
            ? topics.batchRequests().name()
            : topics.requests().name();
    RecordHeaders headers = new RecordHeaders();
    for (Header h : r.headers()) {
      if (!h.key().startsWith("ballast.")) {
        headers.add(h);
      }
    }
    headers.add(
        DeadLetterHeaders.REDRIVEN_FROM,
        (r.topic() + "-" + r.partition() + "@" + r.offset()).getBytes(StandardCharsets.UTF_8));
    return new ProducerRecord<>(target, null, r.key(), r.value(), headers);
  }

  private static boolean caughtUp(
      KafkaConsumer<byte[], byte[]> consumer,
      List<TopicPartition> partitions,
      Map<TopicPartition, Long> end) {
    for (TopicPartition tp : partitions) {
      if (consumer.position(tp) < end.get(tp)) {
        return false;
      }
    }
    return true;
  }
}
