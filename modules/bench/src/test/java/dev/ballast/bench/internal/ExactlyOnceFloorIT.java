package dev.ballast.bench.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ballast.testkit.KafkaCluster;
import dev.ballast.testkit.KafkaExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The consume-transform-produce floor against a real broker: every request is consumed, written
 * once in a committed transaction, and its offset committed with that transaction.
 */
@ExtendWith(KafkaExtension.class)
class ExactlyOnceFloorIT {

  @Test
  void consumesEveryRequestAndCommitsItsOffsetWithTheRecordWritten(KafkaCluster kafka)
      throws Exception {
    int warmup = 40;
    int total = 240;

    OpenLoopLog log =
        new ExactlyOnceFloor(kafka.bootstrapServers(), 2, 200, warmup, total, Duration.ofMillis(10))
            .consumeTransformProduce("floor-it");

    assertThat(log.sent()).isEqualTo(total - warmup);
    assertThat(log.missing()).isZero();
    assertThat(log.latencies().size()).isEqualTo(total - warmup);
    try (Admin admin = Admin.create(kafka.clientProperties())) {
      Map<TopicPartition, OffsetAndMetadata> committed =
          admin.listConsumerGroupOffsets("floor-it-group").partitionsToOffsetAndMetadata().get();
      Map<TopicPartition, OffsetSpec> ends = new HashMap<>();
      committed.keySet().forEach(tp -> ends.put(tp, OffsetSpec.latest()));
      long consumed = committed.values().stream().mapToLong(OffsetAndMetadata::offset).sum();
      long ended =
          admin.listOffsets(ends).all().get().values().stream().mapToLong(i -> i.offset()).sum();
      assertThat(committed.keySet())
          .containsExactlyInAnyOrder(
              new TopicPartition("floor-it.in", 0), new TopicPartition("floor-it.in", 1));
      assertThat(consumed).isEqualTo(total).isEqualTo(ended);
    }
    assertThat(committedKeys(kafka, "floor-it.out")).hasSize(total).doesNotHaveDuplicates();
  }

  private static List<String> committedKeys(KafkaCluster kafka, String topic) {
    List<String> keys = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(
            kafka.clientProperties(
                Map.of(
                    ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                    ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest")),
            new StringDeserializer(),
            new StringDeserializer())) {
      List<TopicPartition> tps =
          List.of(new TopicPartition(topic, 0), new TopicPartition(topic, 1));
      consumer.assign(tps);
      // The loop has stopped: every transaction is committed and the end offsets are final.
      Map<TopicPartition, Long> end = consumer.endOffsets(tps);
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (!reached(consumer, end) && System.nanoTime() < deadline) {
        for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(100))) {
          keys.add(r.key());
        }
      }
    }
    return keys;
  }

  private static boolean reached(
      KafkaConsumer<String, String> consumer, Map<TopicPartition, Long> end) {
    for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
      if (consumer.position(e.getKey()) < e.getValue()) {
        return false;
      }
    }
    return true;
  }
}
