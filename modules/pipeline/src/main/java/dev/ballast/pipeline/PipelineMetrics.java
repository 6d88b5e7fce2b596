package dev.ballast.pipeline;

import dev.ballast.modelclient.exchange.ExchangeListener;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counters of one pipeline instance, for logs, the status view and benchmarks; created by {@link
 * Pipeline} and handed to everything that counts. Thread-safe.
 */
public final class PipelineMetrics implements ExchangeListener {

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

  @Override
  public void onSummary() {
    summaries.increment();
  }

  @Override
  public void onReask() {
    reasks.increment();
  }

  @Override
  public void onEstimate(int raw, int calibrated, int reported) {
    estimates.increment();
    reportedInputTokens.add(reported);
    estimateErrorTokens.add(Math.abs(calibrated - reported));
    rawEstimateErrorTokens.add(Math.abs(raw - reported));
  }

  /** Every counter by name, in a fixed order: the one list snapshots and JMX are made from. */
  public Map<String, LongAdder> counters() {
    Map<String, LongAdder> m = new LinkedHashMap<>();
    m.put("requestsRead", requestsRead);
    m.put("duplicates", duplicates);
    m.put("modelCalls", modelCalls);
    m.put("succeeded", succeeded);
    m.put("degraded", degraded);
    m.put("failed", failed);
    m.put("deadLettered", deadLettered);
    m.put("reissued", reissued);
    m.put("windowWaits", windowWaits);
    m.put("parked", parked);
    m.put("fallbacks", fallbacks);
    m.put("cacheServed", cacheServed);
    m.put("summaries", summaries);
    m.put("reasks", reasks);
    m.put("estimates", estimates);
    return m;
  }

  /** A snapshot by name. */
  public Map<String, Long> snapshot() {
    Map<String, Long> m = new LinkedHashMap<>();
    counters().forEach((name, counter) -> m.put(name, counter.sum()));
    return m;
  }
}
