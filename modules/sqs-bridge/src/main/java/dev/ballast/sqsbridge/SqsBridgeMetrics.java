package dev.ballast.sqsbridge;

import dev.ballast.sqsbridge.internal.BridgeCounters;
import java.util.LinkedHashMap;
import java.util.Map;

/** Counters of one bridge since it started. Thread-safe. */
public final class SqsBridgeMetrics {

  private final BridgeCounters c;

  SqsBridgeMetrics(BridgeCounters counters) {
    this.c = counters;
  }

  /** Messages received from the request queue (a redelivered message counts again). */
  public long received() {
    return c.received.sum();
  }

  /** Requests Kafka acknowledged. */
  public long sent() {
    return c.sent.sum();
  }

  /** Messages deleted from the request queue after Kafka acknowledged them. */
  public long deleted() {
    return c.deleted.sum();
  }

  /** Messages that are not a request; left in the queue for its redrive policy. */
  public long undecodable() {
    return c.undecodable.sum();
  }

  /** Requests Kafka did not take; their messages stay in the queue and come back. */
  public long sendFailures() {
    return c.sendFailures.sum();
  }

  /** Deletes that failed after Kafka acknowledged (the message comes back; dedup absorbs it). */
  public long deleteFailures() {
    return c.deleteFailures.sum();
  }

  /** Visibility timeouts extended while Kafka was slow to acknowledge. */
  public long visibilityExtensions() {
    return c.visibilityExtensions.sum();
  }

  /** Results sent to a reply queue. */
  public long replies() {
    return c.replies.sum();
  }

  /** Results that could not be sent to their reply queue (retried unless it does not exist). */
  public long replyFailures() {
    return c.replyFailures.sum();
  }

  /** Results of requests that named no reply queue while none is configured. */
  public long withoutReplyQueue() {
    return c.withoutReplyQueue.sum();
  }

  /** Every counter by name, for logs. */
  public Map<String, Long> snapshot() {
    Map<String, Long> m = new LinkedHashMap<>();
    m.put("received", received());
    m.put("sent", sent());
    m.put("deleted", deleted());
    m.put("undecodable", undecodable());
    m.put("sendFailures", sendFailures());
    m.put("deleteFailures", deleteFailures());
    m.put("visibilityExtensions", visibilityExtensions());
    m.put("replies", replies());
    m.put("replyFailures", replyFailures());
    m.put("withoutReplyQueue", withoutReplyQueue());
    return m;
  }
}
