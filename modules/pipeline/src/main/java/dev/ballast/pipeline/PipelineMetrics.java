package dev.ballast.pipeline;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/** Counters of one pipeline instance, for logs, the status view and benchmarks. Thread-safe. */
public final class PipelineMetrics {

  public final LongAdder requestsRead = new LongAdder();
  public final LongAdder duplicates = new LongAdder();
  public final LongAdder modelCalls = new LongAdder();
  public final LongAdder succeeded = new LongAdder();
  public final LongAdder degraded = new LongAdder();
  public final LongAdder failed = new LongAdder();
  public final LongAdder deadLettered = new LongAdder();
  public final LongAdder reissued = new LongAdder();
  public final LongAdder windowWaits = new LongAdder();
  public final LongAdder parked = new LongAdder();
  public final LongAdder fallbacks = new LongAdder();
  public final LongAdder cacheServed = new LongAdder();
  public final LongAdder summaries = new LongAdder();
  public final LongAdder reasks = new LongAdder();

  /** Answers whose input tokens were estimated before the call and reported after it. */
  public final LongAdder estimates = new LongAdder();

  /** Sum of |calibrated estimate − reported| / reported, in basis points. */
  public final LongAdder estimateErrorBps = new LongAdder();

  /** Sum of |raw tokenizer estimate − reported| / reported, in basis points. */
  public final LongAdder rawEstimateErrorBps = new LongAdder();

  /** Mean relative error of calibrated input token estimates, in percent; 0 before any answer. */
  public double estimateErrorPercent() {
    long n = estimates.sum();
    return n == 0 ? 0 : estimateErrorBps.sum() / 100.0 / n;
  }

  /** Mean relative error of raw (uncalibrated) estimates, in percent. */
  public double rawEstimateErrorPercent() {
    long n = estimates.sum();
    return n == 0 ? 0 : rawEstimateErrorBps.sum() / 100.0 / n;
  }

  /** A snapshot by name. */
  public Map<String, Long> snapshot() {
    Map<String, Long> m = new LinkedHashMap<>();
    m.put("requestsRead", requestsRead.sum());
    m.put("duplicates", duplicates.sum());
    m.put("modelCalls", modelCalls.sum());
    m.put("succeeded", succeeded.sum());
    m.put("degraded", degraded.sum());
    m.put("failed", failed.sum());
    m.put("deadLettered", deadLettered.sum());
    m.put("reissued", reissued.sum());
    m.put("windowWaits", windowWaits.sum());
    m.put("parked", parked.sum());
    m.put("fallbacks", fallbacks.sum());
    m.put("cacheServed", cacheServed.sum());
    m.put("summaries", summaries.sum());
    m.put("reasks", reasks.sum());
    m.put("estimates", estimates.sum());
    return m;
  }
}
