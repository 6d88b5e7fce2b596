package dev.ballast.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ballast.broker.EmbeddedKafkaBroker;
import dev.ballast.sqsbridge.SqsBridge;
import dev.ballast.sqsbridge.SqsBridgeConfig;
import dev.ballast.testkit.Await;
import dev.ballast.testkit.KafkaExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** What the SQS bridge does not delete: messages Kafka did not take, and undecodable ones. */
@ExtendWith(KafkaExtension.class)
class SqsBridgeFailureIT {

  private static final Duration WAIT = Duration.ofSeconds(60);

  private static SqsBridgeConfig config(
      EmbeddedKafkaBroker kafka, ElasticMq mq, String queue, String prefix) {
    return SqsBridgeConfig.of(
        Map.of(
            "bootstrap.servers",
            kafka.bootstrapServers(),
            "topic.prefix",
            prefix,
            "bridge.name",
            prefix + "bridge",
            "sqs.request.queue",
            queue,
            "sqs.endpoint",
            mq.endpoint.toString(),
            "sqs.region",
            "us-east-1",
            "sqs.wait.time",
            "1s",
            "sqs.visibility.timeout",
            "2s"));
  }

  @Test
  void shouldKeepTheMessageWhenKafkaDoesNotAcknowledgeTheSend(EmbeddedKafkaBroker kafka)
      throws Exception {
    try (ElasticMq mq = new ElasticMq()) {
      // given: topics that do not exist (the broker creates none), so every send fails
      String queue = mq.createQueue("keep", Map.of());
      mq.sqs
          .sendMessage(b -> b.queueUrl(queue).messageBody("{\"id\":\"keep-1\",\"prompt\":\"hi\"}"))
          .join();
      SqsBridgeConfig config = config(kafka, mq, queue, "no-such-topics.");

      // when
      SqsBridge bridge = SqsBridge.start(config, mq.sqs, Map.of("max.block.ms", "500"));
      try {
        Await.until(WAIT, "a failed send", () -> bridge.metrics().sendFailures() >= 1);
      } finally {
        bridge.close();
      }

      // then
      assertThat(bridge.metrics().deleted()).isZero();
      assertThat(bridge.metrics().sent()).isZero();
      assertThat(bridge.inFlight()).isZero();
      List<Message> again = new ArrayList<>();
      Await.until(
          WAIT,
          "the message visible again",
          () -> again.addAll(mq.receive(queue, Duration.ofSeconds(1), Duration.ofSeconds(30))));
      assertThat(again).singleElement().satisfies(m -> assertThat(m.body()).contains("keep-1"));
    }
  }

  @Test
  void shouldKeepTheMessageInvisibleWhileKafkaIsSlowToAcknowledge(EmbeddedKafkaBroker kafka)
      throws Exception {
    try (ElasticMq mq = new ElasticMq()) {
      // given: a send that waits 4 s for metadata, twice the 2 s visibility timeout
      String queue = mq.createQueue("slow", Map.of());
      mq.sqs
          .sendMessage(b -> b.queueUrl(queue).messageBody("{\"id\":\"slow-1\",\"prompt\":\"hi\"}"))
          .join();
      SqsBridgeConfig config = config(kafka, mq, queue, "slow-topics.");

      // when
      SqsBridge bridge = SqsBridge.start(config, mq.sqs, Map.of("max.block.ms", "4000"));
      int visible;
      int hidden;
      try {
        // two extensions: the message is older than its visibility timeout
        Await.until(WAIT, "two extensions", () -> bridge.metrics().visibilityExtensions() >= 2);
        visible = mq.count(queue, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES);
        hidden = mq.count(queue, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE);
        Await.until(WAIT, "the failed send", () -> bridge.metrics().sendFailures() >= 1);
      } finally {
        bridge.close();
      }

      // then
      assertThat(visible).isZero();
      assertThat(hidden).isEqualTo(1);
      assertThat(bridge.metrics().received()).isEqualTo(1);
      assertThat(bridge.metrics().deleted()).isZero();
    }
  }

  @Test
  void shouldLeaveUndecodableMessagesToTheRedrivePolicyWhenReported(EmbeddedKafkaBroker kafka)
      throws Exception {
    try (ElasticMq mq = new ElasticMq()) {
      // given: a queue whose redrive policy moves a message to its DLQ after 2 receives
      String dlq = mq.createQueue("bad-dlq", Map.of());
      String dlqArn =
          mq.sqs
              .getQueueAttributes(b -> b.queueUrl(dlq).attributeNames(QueueAttributeName.QUEUE_ARN))
              .join()
              .attributes()
              .get(QueueAttributeName.QUEUE_ARN);
      String queue =
          mq.createQueue(
              "bad",
              Map.of(
                  QueueAttributeName.REDRIVE_POLICY,
                  "{\"maxReceiveCount\":\"2\",\"deadLetterTargetArn\":\"" + dlqArn + "\"}"));
      mq.sqs.sendMessage(b -> b.queueUrl(queue).messageBody("not json {")).join();
      mq.sqs
          .sendMessage(b -> b.queueUrl(queue).messageBody("{\"id\":\"x\",\"colour\":\"red\"}"))
          .join();

      // when
      try (SqsBridge bridge =
          SqsBridge.start(
              config(kafka, mq, queue, "bad-it."), mq.sqs, Map.of("max.block.ms", "500"))) {
        Await.until(
            WAIT,
            "both messages moved to the dead-letter queue",
            () -> mq.messagesIn(dlq) == 2,
            () -> bridge.metrics().snapshot().toString());

        // then
        assertThat(bridge.metrics().undecodable()).isGreaterThanOrEqualTo(4);
        assertThat(bridge.metrics().deleted()).isZero();
        assertThat(bridge.metrics().sendFailures()).isZero();
      }
      assertThat(mq.messagesIn(queue)).isZero();
    }
  }
}
