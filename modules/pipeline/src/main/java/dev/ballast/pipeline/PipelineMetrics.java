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
    return m;
  }
}
