package dev.ballast.sqsbridge.internal;

import java.util.concurrent.atomic.LongAdder;

/** The bridge's counters, written by its threads; read through {@code SqsBridgeMetrics}. */
public final class BridgeCounters {
  public final LongAdder received = new LongAdder();
  public final LongAdder sent = new LongAdder();
  public final LongAdder deleted = new LongAdder();
  public final LongAdder undecodable = new LongAdder();
  public final LongAdder sendFailures = new LongAdder();
  public final LongAdder deleteFailures = new LongAdder();
  public final LongAdder visibilityExtensions = new LongAdder();
  public final LongAdder replies = new LongAdder();
  public final LongAdder replyFailures = new LongAdder();
  public final LongAdder withoutReplyQueue = new LongAdder();
}
