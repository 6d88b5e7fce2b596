package dev.ballast.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testcontainers.junit.jupiter.Testcontainers;

/** The Docker variant of the broker fixture; skipped where no Docker engine runs. */
@Testcontainers(disabledWithoutDocker = true)
@ExtendWith(ContainerKafkaExtension.class)
class ContainerKafkaIT {

  @Test
  void shouldDeliverARecordWhenTheBrokerRunsInAContainer(KafkaCluster kafka) throws Exception {
    // given
    String topic = TestTopics.uniquePrefix("container") + "echo";
    try (Admin admin = Admin.create(kafka.clientProperties())) {
      admin.createTopics(Set.of(new NewTopic(topic, 1, (short) 1))).all().get();
    }

    // when
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(
            kafka.clientProperties(), new StringSerializer(), new StringSerializer())) {
      producer.send(new ProducerRecord<>(topic, "k", "v")).get();
    }

    // then
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(
            kafka.clientProperties(
                Map.of("group.id", "g-" + topic, "auto.offset.reset", "earliest")),
            new StringDeserializer(),
            new StringDeserializer())) {
      consumer.subscribe(List.of(topic));
      String[] value = new String[1];
      Await.until(
          Duration.ofSeconds(60),
          "the record",
          () -> {
            consumer.poll(Duration.ofMillis(200)).forEach(r -> value[0] = r.value());
            return value[0] != null;
          });
      assertThat(value[0]).isEqualTo("v");
    }
  }
}
