package dev.ballast.pipeline.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ballast.testkit.Await;
import dev.ballast.testkit.KafkaCluster;
import dev.ballast.testkit.KafkaExtension;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A finished call ends its stream thread's poll at once, on a real consumer of a real broker, and a
 * wake-up that arrives after the poll returned does not break the thread's next consumer call.
 */
@ExtendWith(KafkaExtension.class)
class PacedConsumerIT {

  private static final Duration LONG_POLL = Duration.ofMinutes(5);

  @Test
  void shouldEndALongPollWhenWokenAndAbsorbAWakeUpThatCameTooLate(KafkaCluster kafka)
      throws Exception {
    // given: a paced consumer assigned to an empty partition, idle pace (polls as long as asked)
    PollPace pace = new PollPace();
    TopicPartition tp = new TopicPartition("paced-" + UUID.randomUUID(), 0);
    try (Admin admin =
        Admin.create(
            Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
      admin.createTopics(List.of(new NewTopic(tp.topic(), 1, (short) 1))).all().get();
    }
    try (Consumer<byte[], byte[]> consumer = PacedClientSupplier.paced(plain(kafka), pace)) {
      consumer.assign(List.of(tp));
      consumer.seekToBeginning(List.of(tp));

      // when: a poll of five minutes runs on its own thread, and is woken once it has registered
      CompletableFuture<Thread> pollThread = new CompletableFuture<>();
      CompletableFuture<ConsumerRecords<byte[], byte[]>> polled =
          CompletableFuture.supplyAsync(
              () -> {
                pollThread.complete(Thread.currentThread());
                return consumer.poll(LONG_POLL);
              });
      Thread t = pollThread.get(30, TimeUnit.SECONDS);
      Await.until(
          Duration.ofSeconds(30),
          "the poll registers its waker",
          () -> pace.waker(t) != pace.waker(new Thread()));
      Runnable waker = pace.waker(t);
      // a waker that fires before the thread blocks leaves a signal the poll honours, one that
      // fires while it blocks wakes the consumer: either way the poll ends long before 5 minutes
      waker.run();

      // then: the poll ends with no records and no exception
      assertThat(polled.get(60, TimeUnit.SECONDS)).isEmpty();

      // when: a finished call wakes the thread while it does not poll
      waker.run();

      // then: its next poll returns at once instead of waiting
      assertThat(
              CompletableFuture.supplyAsync(() -> consumer.poll(LONG_POLL))
                  .get(60, TimeUnit.SECONDS))
          .isEmpty();

      // when: a wake-up reaches the consumer after its poll returned (the race the waker cannot
      // rule out), and the thread's next call is not a poll
      consumer.wakeup();

      // then: the call is made again and answers as before; later polls work
      assertThat(consumer.position(tp)).isZero();
      assertThat(consumer.poll(Duration.ZERO)).isEmpty();
      assertThat(consumer.position(tp)).isZero();
    }
  }

  private static Consumer<byte[], byte[]> plain(KafkaCluster kafka) {
    return new KafkaConsumer<>(
        Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
            kafka.bootstrapServers(),
            ConsumerConfig.GROUP_ID_CONFIG,
            "paced-" + UUID.randomUUID(),
            ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
            "false"),
        new ByteArrayDeserializer(),
        new ByteArrayDeserializer());
  }
}
