package dev.ballast.sqsbridge.internal;

import dev.ballast.client.BallastClient;
import dev.ballast.client.Lane;
import dev.ballast.schemas.InferenceRequest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * Requests from the request queue to Kafka. A message's life, in stages:
 *
 * <ol>
 *   <li>received by the pump thread (long poll), while fewer than {@code maxInFlight} are in
 *       flight; an undecodable message is reported (log and counter) and left alone, so it comes
 *       back and finally goes to the queue's dead-letter queue by its redrive policy;
 *   <li>sent to Kafka (idempotent producer, acks=all); while Kafka has not acknowledged, {@link
 *       #extendVisibility()} keeps the message invisible;
 *   <li>acknowledged: the message is deleted. A send that fails leaves the message in the queue: it
 *       becomes visible again after its visibility timeout and is sent again. A crash between
 *       acknowledgement and delete sends the request twice; the pipeline answers an id once.
 * </ol>
 *
 * <p>{@link #run()} runs on one thread; completions run on Kafka's and the SDK's threads; the
 * in-flight map and counters are thread-safe.
 */
public final class RequestPump implements Runnable {

  private static final Logger log = LoggerFactory.getLogger(RequestPump.class);

  private final SqsAsyncClient sqs;
  private final BallastClient kafka;
  private final MessageDecoder decoder;
  private final Lane lane;
  private final String queueUrl;
  private final Duration waitTime;
  private final Duration visibility;
  private final Semaphore permits;
  private final BridgeCounters counters;
  private final Map<String, AtomicLong> inFlight = new ConcurrentHashMap<>();
  private volatile boolean running = true;

  public RequestPump(
      SqsAsyncClient sqs,
      BallastClient kafka,
      MessageDecoder decoder,
      Lane lane,
      String queueUrl,
      Duration waitTime,
      Duration visibility,
      int maxInFlight,
      BridgeCounters counters) {
    this.sqs = sqs;
    this.kafka = kafka;
    this.decoder = decoder;
    this.lane = lane;
    this.queueUrl = queueUrl;
    this.waitTime = waitTime;
    this.visibility = visibility;
    this.permits = new Semaphore(maxInFlight);
    this.counters = counters;
  }

  @Override
  public void run() {
    while (running) {
      try {
        if (!permits.tryAcquire(200, TimeUnit.MILLISECONDS)) {
          continue;
        }
        int taken = 1 + drainUpTo(9);
        List<Message> messages = receive(taken);
        permits.release(taken - messages.size());
        messages.forEach(this::handle);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (ExecutionException | RuntimeException e) {
        if (running) {
          log.warn("Cannot receive from {}: {}", queueUrl, String.valueOf(e.getCause()));
          pause();
        }
      }
    }
  }

  private int drainUpTo(int n) {
    int got = 0;
    while (got < n && permits.tryAcquire()) {
      got++;
    }
    return got;
  }

  private List<Message> receive(int max) throws InterruptedException, ExecutionException {
    try {
      return sqs.receiveMessage(
              b ->
                  b.queueUrl(queueUrl)
                      .maxNumberOfMessages(max)
                      .waitTimeSeconds((int) waitTime.toSeconds())
                      .visibilityTimeout((int) visibility.toSeconds())
                      .messageAttributeNames("All")
                      .messageSystemAttributeNames(MessageSystemAttributeName.MESSAGE_GROUP_ID))
          .get()
          .messages();
    } catch (ExecutionException | InterruptedException | RuntimeException e) {
      permits.release(max);
      throw e;
    }
  }

  private void handle(Message m) {
    counters.received.increment();
    InferenceRequest request;
    try {
      request = decoder.decode(m);
    } catch (IllegalArgumentException e) {
      counters.undecodable.increment();
      log.warn(
          "Undecodable message {} in {}: {}; left to the queue's redrive policy",
          m.messageId(),
          queueUrl,
          e.getMessage());
      permits.release();
      return;
    }
    String receipt = m.receiptHandle();
    inFlight.put(receipt, new AtomicLong(System.nanoTime()));
    kafka
        .submit(request, lane)
        .whenComplete(
            (metadata, e) -> {
              if (e != null) {
                inFlight.remove(receipt);
                permits.release();
                counters.sendFailures.increment();
                log.warn(
                    "Kafka did not take request {} (message {}): {}; the message stays in the queue",
                    request.getId(),
                    m.messageId(),
                    e.toString());
                return;
              }
              counters.sent.increment();
              delete(receipt, m.messageId());
            });
  }

  private void delete(String receipt, String messageId) {
    sqs.deleteMessage(b -> b.queueUrl(queueUrl).receiptHandle(receipt))
        .whenComplete(
            (r, e) -> {
              inFlight.remove(receipt);
              permits.release();
              if (e != null) {
                counters.deleteFailures.increment();
                log.warn(
                    "Cannot delete message {} after Kafka took it: {}", messageId, e.toString());
              } else {
                counters.deleted.increment();
              }
            });
  }

  /**
   * Extends the visibility of messages Kafka has not acknowledged within half their visibility
   * timeout. Called periodically by the bridge's scheduler.
   */
  public void extendVisibility() {
    long now = System.nanoTime();
    long half = visibility.toNanos() / 2;
    inFlight.forEach(
        (receipt, since) -> {
          if (now - since.get() >= half) {
            since.set(now);
            counters.visibilityExtensions.increment();
            sqs.changeMessageVisibility(
                b ->
                    b.queueUrl(queueUrl)
                        .receiptHandle(receipt)
                        .visibilityTimeout((int) visibility.toSeconds()));
          }
        });
  }

  /** Messages received and not yet acknowledged by Kafka or deleted. */
  public int inFlight() {
    return inFlight.size();
  }

  /** Stops after the current receive. */
  public void stop() {
    running = false;
  }

  private static void pause() {
    try {
      Thread.sleep(1_000); // back off after a failed receive
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
