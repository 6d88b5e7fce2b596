package dev.ballast.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ballast.pipeline.internal.BallastHeaders;
import dev.ballast.schemas.ReasonCode;
import dev.ballast.schemas.Topics;
import dev.ballast.testkit.KafkaCluster;
import dev.ballast.testkit.KafkaExtension;
import dev.ballast.testkit.TestTopics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Re-drive through a real broker: sends and progress commit together or not at all. */
@ExtendWith(KafkaExtension.class)
class DeadLettersIT {

  private static final int LETTERS = 3;

  @Test
  void shouldSendNothingAndKeepProgressWhenASendFailsThenSendEachLetterOnceOnTheNextRun(
      KafkaCluster kafka) throws Exception {
    // given: three dead letters of 2 KB, and a request topic that takes at most 1 KB per record
    Topics topics = Topics.withPrefix(TestTopics.uniquePrefix("redrive"));
    String group = "redrive-" + System.nanoTime();
    try (Admin admin = Admin.create(kafka.clientProperties())) {
      admin
          .createTopics(
              List.of(
                  new NewTopic(topics.dlq().name(), 1, (short) 1),
                  new NewTopic(topics.requests().name(), 1, (short) 1)
                      .configs(Map.of(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, "1024"))))
          .all()
          .get(30, TimeUnit.SECONDS);
      writeDeadLetters(kafka, topics);

      // when: the re-drive cannot send a letter
      assertThatThrownBy(() -> redrive(kafka, topics, group))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("could not be sent back")
          .hasMessageContaining("RecordTooLarge");

      // then: nothing visible downstream, no progress committed
      assertThat(readCommitted(kafka, topics.requests().name())).isEmpty();
      assertThat(committed(admin, group)).isEmpty();

      // when: the topic takes the letters again and the re-drive runs again
      ConfigResource topic =
          new ConfigResource(ConfigResource.Type.TOPIC, topics.requests().name());
      admin
          .incrementalAlterConfigs(
              Map.of(
                  topic,
                  List.of(
                      new AlterConfigOp(
                          new ConfigEntry(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, "1048576"),
                          AlterConfigOp.OpType.SET))))
          .all()
          .get(30, TimeUnit.SECONDS);
      DeadLetters.Report report = redrive(kafka, topics, group);
      DeadLetters.Report again = redrive(kafka, topics, group);

      // then: each letter once, with its original key; progress at the end; a third run sends none
      assertThat(report.redriven()).isEqualTo(LETTERS);
      assertThat(again.scanned()).isZero();
      assertThat(readCommitted(kafka, topics.requests().name()))
          .extracting(r -> new String(r.key(), StandardCharsets.UTF_8))
          .containsExactly("letter-0", "letter-1", "letter-2");
      assertThat(committed(admin, group))
          .containsEntry(
              new TopicPartition(topics.dlq().name(), 0), new OffsetAndMetadata(LETTERS));
    }
  }

  private static DeadLetters.Report redrive(KafkaCluster kafka, Topics topics, String group) {
    return DeadLetters.redrive(
        kafka.bootstrapServers(), topics, DeadLetters.Filter.all(), group, false, false, Map.of());
  }

  private static void writeDeadLetters(KafkaCluster kafka, Topics topics) throws Exception {
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(
            kafka.clientProperties(Map.of()),
            new ByteArraySerializer(),
            new ByteArraySerializer())) {
      for (int i = 0; i < LETTERS; i++) {
        ProducerRecord<byte[], byte[]> letter =
            new ProducerRecord<>(
                topics.dlq().name(),
                0,
                ("letter-" + i).getBytes(StandardCharsets.UTF_8),
                new byte[2048],
                BallastHeaders.deadLetter(
                    null,
                    ReasonCode.ACCESS_DENIED,
                    "denied",
                    topics.requests().name(),
                    0,
                    i,
                    System.currentTimeMillis()));
        producer.send(letter).get(30, TimeUnit.SECONDS);
      }
    }
  }

  private static List<ConsumerRecord<byte[], byte[]>> readCommitted(
      KafkaCluster kafka, String topicName) {
    Properties p =
        kafka.clientProperties(
            Map.of("isolation.level", "read_committed", "auto.offset.reset", "earliest"));
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      TopicPartition tp = new TopicPartition(topicName, 0);
      consumer.assign(List.of(tp));
      consumer.seekToBeginning(List.of(tp));
      // The last stable offset is the end a read_committed reader can reach.
      long end = consumer.endOffsets(List.of(tp)).get(tp);
      List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (consumer.position(tp) < end && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(100)).forEach(records::add);
      }
      assertThat(consumer.position(tp)).as("read to the end of " + topicName).isEqualTo(end);
      return records;
    }
  }

  private static Map<TopicPartition, OffsetAndMetadata> committed(Admin admin, String group)
      throws Exception {
    return admin
        .listConsumerGroupOffsets(group)
        .partitionsToOffsetAndMetadata()
        .get(30, TimeUnit.SECONDS);
  }
}
