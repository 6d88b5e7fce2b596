package dev.ballast.sqsbridge.internal;

import dev.ballast.client.JsonCodec;
import dev.ballast.schemas.InferenceResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;
import software.amazon.awssdk.services.sqs.model.SendMessageRequest;

/**
 * Results to reply queues. Reads the results topic in a consumer group ({@code read_committed}),
 * takes the results of requests this bridge sent (metadata {@code ballast.sqs.bridge}), sends each
 * to the queue its request named ({@code ReplyTo}) or the default reply queue, with the request id
 * as message attribute {@code RequestId}, and commits the offsets once SQS accepted every send of a
 * poll. A crash between send and commit sends those results again: a FIFO reply queue drops the
 * copies (deduplication id = request id); a standard one delivers them, and receivers dedup by
 * {@code RequestId}.
 *
 * <p>{@link #run()} owns the consumer on one thread; {@link #stop()} may be called from any.
 */
public final class ReplyPump implements Runnable {

  /** Message attribute carrying the request id on every reply. */
  public static final String REQUEST_ID = "RequestId";

  private static final Logger log = LoggerFactory.getLogger(ReplyPump.class);

  private final Consumer<String, InferenceResult> consumer;
  private final SqsAsyncClient sqs;
  private final String bridge;
  private final String defaultReplyQueue;
  private final BridgeCounters counters;
  private final Map<String, CompletableFuture<String>> queueUrls = new ConcurrentHashMap<>();
  private volatile boolean running = true;

  public ReplyPump(
      Consumer<String, InferenceResult> consumer,
      SqsAsyncClient sqs,
      String bridge,
      String defaultReplyQueue,
      BridgeCounters counters) {
    this.consumer = consumer;
    this.sqs = sqs;
    this.bridge = bridge;
    this.defaultReplyQueue = defaultReplyQueue;
    this.counters = counters;
  }

  @Override
  public void run() {
    try (consumer) {
      while (running) {
        ConsumerRecords<String, InferenceResult> records = consumer.poll(Duration.ofMillis(200));
        if (records.isEmpty()) {
          continue;
        }
        Map<TopicPartition, OffsetAndMetadata> next = new HashMap<>();
        List<CompletableFuture<?>> sends = new ArrayList<>();
        for (ConsumerRecord<String, InferenceResult> r : records) {
          next.put(
              new TopicPartition(r.topic(), r.partition()), new OffsetAndMetadata(r.offset() + 1));
          InferenceResult result = r.value();
          if (result != null && bridge.equals(MessageDecoder.bridgeOf(result.getMetadata()))) {
            sends.add(reply(result));
          }
        }
        try {
          CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).join();
          consumer.commitSync(next);
        } catch (CompletionException e) {
          counters.replyFailures.increment();
          log.warn(
              "Cannot send replies; sending this batch again: {}", String.valueOf(e.getCause()));
          rewind(next.keySet());
          pause();
        }
      }
    } catch (WakeupException e) {
      if (running) {
        throw e;
      }
    }
  }

  private CompletableFuture<?> reply(InferenceResult result) {
    String target = result.getMetadata().get(MessageDecoder.REPLY_TO);
    if (target == null) {
      target = defaultReplyQueue;
    }
    if (target == null) {
      counters.withoutReplyQueue.increment();
      log.warn("Result {} has no reply queue (no ReplyTo, no sqs.reply.queue)", result.getId());
      return CompletableFuture.completedFuture(null);
    }
    String queue = target;
    String body = JsonCodec.result(result).toString();
    return queueUrl(queue)
        .thenCompose(url -> sqs.sendMessage(message(url, result.getId(), body)))
        .handle(
            (ok, e) -> {
              if (e == null) {
                counters.replies.increment();
                return null;
              }
              Throwable cause = e instanceof CompletionException ? e.getCause() : e;
              if (cause instanceof QueueDoesNotExistException) {
                counters.replyFailures.increment();
                log.error(
                    "Reply queue {} of result {} does not exist; reply dropped",
                    queue,
                    result.getId());
                queueUrls.remove(queue);
                return null;
              }
              throw new CompletionException(cause);
            });
  }

  private static SendMessageRequest message(String url, String requestId, String body) {
    SendMessageRequest.Builder b =
        SendMessageRequest.builder()
            .queueUrl(url)
            .messageBody(body)
            .messageAttributes(
                Map.of(
                    REQUEST_ID,
                    MessageAttributeValue.builder()
                        .dataType("String")
                        .stringValue(requestId)
                        .build()));
    if (url.endsWith(".fifo")) {
      b.messageGroupId(requestId).messageDeduplicationId(requestId);
    }
    return b.build();
  }

  private CompletableFuture<String> queueUrl(String queue) {
    if (queue.startsWith("https://") || queue.startsWith("http://")) {
      return CompletableFuture.completedFuture(queue);
    }
    return queueUrls.computeIfAbsent(
        queue, q -> sqs.getQueueUrl(b -> b.queueName(q)).thenApply(r -> r.queueUrl()));
  }

  private void rewind(Set<TopicPartition> partitions) {
    Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(partitions);
    for (TopicPartition tp : partitions) {
      OffsetAndMetadata at = committed.get(tp);
      if (at != null) {
        consumer.seek(tp, at);
      } else {
        consumer.seekToBeginning(List.of(tp));
      }
    }
  }

  private static void pause() {
    try {
      Thread.sleep(1_000); // back off before sending the batch again
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Stops the loop and closes the consumer. */
  public void stop() {
    running = false;
    consumer.wakeup();
  }
}
