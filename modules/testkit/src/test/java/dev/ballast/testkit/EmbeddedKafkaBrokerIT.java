package dev.ballast.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ballast.broker.EmbeddedKafkaBroker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(KafkaExtension.class)
class EmbeddedKafkaBrokerIT {

  @Test
  void shouldDeliverRecordsWhenProducedToACreatedTopic(KafkaCluster kafka) throws Exception {
    // given
    String topic = TestTopics.uniquePrefix("broker") + "echo";
    try (Admin admin = Admin.create(kafka.clientProperties())) {
      admin.createTopics(Set.of(new NewTopic(topic, 2, (short) 1))).all().get();
    }

    // when
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(
            kafka.clientProperties(Map.of("acks", "all")),
            new StringSerializer(),
            new StringSerializer())) {
      for (int i = 0; i < 10; i++) {
        producer.send(new ProducerRecord<>(topic, "k" + i, "v" + i)).get();
      }
    }

    // then
    List<String> values = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(
            kafka.clientProperties(
                Map.of("group.id", "g-" + topic, "auto.offset.reset", "earliest")),
            new StringDeserializer(),
            new StringDeserializer())) {
      consumer.subscribe(List.of(topic));
      Await.until(
          Duration.ofSeconds(30),
          "10 records",
          () -> {
            for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(100))) {
              values.add(r.value());
            }
            return values.size() >= 10;
          });
    }
    assertThat(values)
        .containsExactlyInAnyOrder("v0", "v1", "v2", "v3", "v4", "v5", "v6", "v7", "v8", "v9");
  }

  @Test
  void shouldListenOnLoopbackOnlyWhenStarted(EmbeddedKafkaBroker broker) {
    assertThat(broker.bootstrapServers()).startsWith("127.0.0.1:");
  }
}
