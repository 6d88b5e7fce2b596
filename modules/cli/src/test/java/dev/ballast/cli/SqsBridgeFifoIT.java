package dev.ballast.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ballast.broker.EmbeddedKafkaBroker;
import dev.ballast.pipeline.Pipeline;
import dev.ballast.schemas.InferenceRequest;
import dev.ballast.schemas.Topic;
import dev.ballast.schemas.Topics;
import dev.ballast.simulator.Simulator;
import dev.ballast.sqsbridge.SqsBridge;
import dev.ballast.sqsbridge.SqsBridgeConfig;
import dev.ballast.testkit.Await;
import dev.ballast.testkit.KafkaExtension;
import dev.ballast.testkit.SimulatorExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * A FIFO request queue through ElasticMQ, the real SDK, the real broker and pipeline: each
 * message's {@code MessageGroupId} arrives in Kafka as the request's conversation id, a message
 * sent twice with one {@code MessageDeduplicationId} arrives once, and every request gets one
 * reply.
 */
@ExtendWith({KafkaExtension.class, SimulatorExtension.class})
class SqsBridgeFifoIT {

  private static final String PREFIX = "sqs-fifo-it.";
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final int COUNT = 6;

  @Test
  void shouldTurnTheMessageGroupIntoTheConversationIdWhenTheRequestQueueIsFifo(
      EmbeddedKafkaBroker kafka, Simulator sim, @TempDir Path dir) throws Exception {
    Pipeline pipeline = TestPipeline.start(kafka, sim, dir, PREFIX);
    try (ElasticMq mq = new ElasticMq()) {
      // given: six requests in two groups, the first sent twice with the same deduplication id
      String requests = mq.createQueue("requests.fifo", Map.of());
      String replies = mq.createQueue("replies.fifo", Map.of());
      for (int i = 0; i < COUNT; i++) {
        send(mq, requests, i);
      }
      send(mq, requests, 0);
      SqsBridgeConfig config =
          SqsBridgeConfig.of(
              Map.of(
                  "bootstrap.servers",
                  kafka.bootstrapServers(),
                  "topic.prefix",
                  PREFIX,
                  "sqs.request.queue",
                  requests,
                  "sqs.reply.queue",
                  replies,
                  "sqs.endpoint",
                  mq.endpoint.toString(),
                  "sqs.region",
                  "us-east-1",
                  "sqs.wait.time",
                  "1s"));

      // when
      Map<String, AtomicInteger> replied = new ConcurrentHashMap<>();
      try (SqsBridge bridge = SqsBridge.start(config, mq.sqs, Map.of())) {
        Await.until(
            WAIT,
            "a reply to every request",
            () -> {
              for (Message m : mq.receive(replies, Duration.ofSeconds(1), Duration.ofSeconds(30))) {
                replied
                    .computeIfAbsent(
                        m.messageAttributes().get("RequestId").stringValue(),
                        k -> new AtomicInteger())
                    .incrementAndGet();
                mq.delete(replies, m);
              }
              return replied.size() >= COUNT && mq.messagesIn(requests) == 0;
            },
            () -> replied.keySet() + "; " + bridge.metrics().snapshot());
      }

      // then: one request per deduplication id, each in its group's conversation
      Map<String, String> conversations =
          conversations(kafka, Topics.withPrefix(PREFIX).requests());
      Map<String, String> expected = new TreeMap<>();
      for (int i = 0; i < COUNT; i++) {
        expected.put(id(i), group(i));
      }
      assertThat(conversations).isEqualTo(expected);
      assertThat(replied.keySet()).containsExactlyInAnyOrderElementsOf(expected.keySet());
      assertThat(replied.values()).allSatisfy(n -> assertThat(n.get()).isEqualTo(1));
      assertThat(mq.messagesIn(requests)).isZero();
    } finally {
      pipeline.close();
    }
  }

  private static String id(int i) {
    return "fifo-" + i;
  }

  private static String group(int i) {
    return i % 2 == 0 ? "conv-a" : "conv-b";
  }

  private static void send(ElasticMq mq, String queue, int i) {
    mq.sqs
        .sendMessage(
            b ->
                b.queueUrl(queue)
                    .messageGroupId(group(i))
                    .messageDeduplicationId(id(i))
                    .messageBody("{\"id\":\"" + id(i) + "\",\"prompt\":\"Step " + i + "\"}"))
        .join();
  }

  /** Every request on the topic: id to conversation id; a repeated id fails the test. */
  private static Map<String, String> conversations(
      EmbeddedKafkaBroker kafka, Topic<String, InferenceRequest> topic) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    p.put(ConsumerConfig.GROUP_ID_CONFIG, PREFIX + "reader");
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    Map<String, String> seen = new TreeMap<>();
    try (KafkaConsumer<String, InferenceRequest> consumer =
        new KafkaConsumer<>(
            p, topic.keySerde().deserializer(), topic.valueSerde().deserializer())) {
      consumer.subscribe(List.of(topic.name()));
      int[] idle = {0};
      Await.until(
          WAIT,
          "the end of the request topic",
          () -> {
            var batch = consumer.poll(Duration.ofMillis(200));
            for (ConsumerRecord<String, InferenceRequest> r : batch) {
              String id = r.value().getId();
              String previous = seen.put(id, r.value().getConversationId());
              assertThat(previous).as("second record for " + id).isNull();
            }
            idle[0] = batch.isEmpty() && seen.size() >= COUNT ? idle[0] + 1 : 0;
            return idle[0] >= 3;
          });
    }
    return seen;
  }
}
