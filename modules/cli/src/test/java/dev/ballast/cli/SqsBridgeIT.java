package dev.ballast.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ballast.broker.EmbeddedKafkaBroker;
import dev.ballast.client.JsonCodec;
import dev.ballast.pipeline.Pipeline;
import dev.ballast.simulator.Simulator;
import dev.ballast.testkit.Await;
import dev.ballast.testkit.KafkaExtension;
import dev.ballast.testkit.SimulatorExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

/**
 * SQS → Ballast → reply queues through ElasticMQ, the real SDK, the real broker and pipeline: 1,000
 * requests, the bridge ({@code ballast sqs-bridge} in its own JVM) killed with SIGKILL in the
 * middle and restarted. Every request gets exactly one reply, on the queue it named or the default
 * one, and no message is left in the request queue, visible or in flight.
 */
@ExtendWith({KafkaExtension.class, SimulatorExtension.class})
class SqsBridgeIT {

  private static final int COUNT = 1_000;
  private static final int KILL_AFTER = 300;
  private static final String PREFIX = "sqs-it.";
  private static final Duration WAIT = Duration.ofSeconds(90);

  @Test
  void shouldReplyExactlyOncePerRequestWhenTheBridgeIsKilledInTheMiddle(
      EmbeddedKafkaBroker kafka, Simulator sim, @TempDir Path dir) throws Exception {
    try (ElasticMq mq = new ElasticMq();
        Pipeline pipeline = TestPipeline.start(kafka, sim, dir, PREFIX)) {
      // given
      String requests = mq.createQueue("requests", Map.of());
      String named = mq.createQueue("named-replies.fifo", Map.of());
      String fallback = mq.createQueue("default-replies.fifo", Map.of());
      Path config =
          TestCertificates.write(
              dir.resolve("bridge.yaml"),
              String.join(
                  "\n",
                  "bootstrap.servers: " + kafka.bootstrapServers(),
                  "topic.prefix: " + PREFIX,
                  "sqs.request.queue: " + requests,
                  "sqs.reply.queue: " + fallback,
                  "sqs.endpoint: " + mq.endpoint,
                  "sqs.region: us-east-1",
                  "sqs.wait.time: 1s",
                  "sqs.visibility.timeout: 3s",
                  ""));
      ChildJvm bridge =
          new ChildJvm(
              List.of("sqs-bridge", "--config", config.toString()),
              ElasticMq.ENV,
              dir.resolve("bridge.log"));
      Map<String, AtomicInteger> replies = new ConcurrentHashMap<>();
      Map<String, String> wrongQueue = new ConcurrentHashMap<>();
      AtomicBoolean stop = new AtomicBoolean();
      List<Thread> readers = new ArrayList<>();
      try {
        bridge.start();
        Await.until(
            WAIT,
            "the bridge to run",
            () -> bridge.logContains("SQS bridge running"),
            bridge::describe);
        readers.add(reader(mq, named, "named", replies, wrongQueue, stop));
        readers.add(reader(mq, fallback, "default", replies, wrongQueue, stop));
        Thread sender = new Thread(() -> send(mq, requests, named), "sqs-it-sender");
        sender.start();

        // when
        Await.until(
            WAIT,
            KILL_AFTER + " replies",
            () -> replies.size() >= KILL_AFTER,
            () -> replies.size() + " replies; " + bridge.describe());
        bridge.kill();
        int atKill = replies.size();
        bridge.start();
        sender.join(WAIT.toMillis());
        Await.until(
            WAIT,
            "a reply to every request",
            () -> replies.size() >= COUNT,
            () -> replies.size() + " replies; " + bridge.describe());
        Await.until(
            WAIT,
            "the request queue empty, nothing in flight",
            () -> mq.messagesIn(requests) == 0,
            () -> mq.messagesIn(requests) + " messages left; " + bridge.describe());
        bridge.stop();
        Await.until(
            WAIT,
            "the reply queues drained",
            () -> mq.messagesIn(named) == 0 && mq.messagesIn(fallback) == 0);
        stop.set(true);
        for (Thread t : readers) {
          t.join(WAIT.toMillis());
        }

        // then
        System.out.println(
            "SqsBridgeIT: killed at "
                + atKill
                + " replies; pipeline "
                + pipeline.metrics().snapshot());
        Map<String, Integer> repeated =
            replies.entrySet().stream()
                .filter(e -> e.getValue().get() != 1)
                .collect(
                    Collectors.toMap(
                        Map.Entry::getKey, e -> e.getValue().get(), (a, b) -> a, TreeMap::new));
        assertThat(atKill).isLessThan(COUNT);
        assertThat(replies).hasSize(COUNT);
        assertThat(repeated).as("requests with more than one reply").isEmpty();
        assertThat(wrongQueue).as("replies on the wrong queue").isEmpty();
        assertThat(mq.messagesIn(requests)).isZero();
      } catch (Exception | AssertionError e) {
        throw new AssertionError(
            e.getMessage() + "\n--- bridge log (tail) ---\n" + bridge.logTail(60), e);
      } finally {
        stop.set(true);
        bridge.kill();
      }
    }
  }

  static String id(int i) {
    return String.format("sqs-%04d", i);
  }

  /** Even requests name their reply queue; odd ones rely on the default. 200 per second. */
  private static void send(ElasticMq mq, String queue, String named) {
    long next = System.nanoTime();
    for (int i = 0; i < COUNT; i += 10) {
      List<SendMessageBatchRequestEntry> batch = new ArrayList<>();
      for (int j = i; j < i + 10; j++) {
        SendMessageBatchRequestEntry.Builder e =
            SendMessageBatchRequestEntry.builder()
                .id("m" + j)
                .messageBody(
                    "{\"id\":\""
                        + id(j)
                        + "\",\"prompt\":\"Summarize order "
                        + j
                        + "\",\"maxTokens\":32}");
        if (j % 2 == 0) {
          e.messageAttributes(
              Map.of(
                  "ReplyTo",
                  MessageAttributeValue.builder().dataType("String").stringValue(named).build()));
        }
        batch.add(e.build());
      }
      mq.sqs.sendMessageBatch(b -> b.queueUrl(queue).entries(batch)).join();
      next += 50_000_000L;
      LockSupport.parkNanos(Math.max(0, next - System.nanoTime()));
    }
  }

  private static Thread reader(
      ElasticMq mq,
      String queue,
      String kind,
      Map<String, AtomicInteger> replies,
      Map<String, String> wrongQueue,
      AtomicBoolean stop) {
    Thread t =
        new Thread(
            () -> {
              while (!stop.get()) {
                for (Message m : mq.receive(queue, Duration.ofSeconds(1), Duration.ofSeconds(30))) {
                  String id = m.messageAttributes().get("RequestId").stringValue();
                  JsonNode body = readTree(m.body());
                  if (!id.equals(body.path("id").asText())
                      || !"SUCCEEDED".equals(body.path("status").asText())) {
                    wrongQueue.put(id, "unexpected body " + body);
                  }
                  int n = Integer.parseInt(id.substring(4));
                  if ((n % 2 == 0) != kind.equals("named")) {
                    wrongQueue.put(id, kind);
                  }
                  replies.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
                  mq.delete(queue, m);
                }
              }
            },
            "sqs-it-" + kind);
    t.setDaemon(true);
    t.start();
    return t;
  }

  private static JsonNode readTree(String s) {
    try {
      return JsonCodec.MAPPER.readTree(s);
    } catch (Exception e) {
      throw new AssertionError("reply is not JSON", e);
    }
  }
}
