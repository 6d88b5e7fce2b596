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

  /** Input tokens the provider reported for those answers. */
  public final LongAdder reportedInputTokens = new LongAdder();

  /** Sum of |calibrated estimate − reported| over those answers, in tokens. */
  public final LongAdder estimateErrorTokens = new LongAdder();

  /** Sum of |raw tokenizer estimate − reported| over those answers, in tokens. */
  public final LongAdder rawEstimateErrorTokens = new LongAdder();

  /**
   * Token-weighted error of calibrated input estimates, in percent of reported tokens; 0 before any
   * answer.
   */
  public double estimateErrorPercent() {
    long reported = reportedInputTokens.sum();
    return reported == 0 ? 0 : 100.0 * estimateErrorTokens.sum() / reported;
  }

  /** Token-weighted error of raw (uncalibrated) estimates, in percent of reported tokens. */
  public double rawEstimateErrorPercent() {
    long reported = reportedInputTokens.sum();
    return reported == 0 ? 0 : 100.0 * rawEstimateErrorTokens.sum() / reported;
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
