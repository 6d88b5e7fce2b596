package dev.ballast.pipeline.internal;

import dev.ballast.schemas.Topics;
import java.time.Duration;

/** Node and store names of the topology, in one place. */
public record TopologyNames() {

  public String stage(StageRole role) {
    return switch (role) {
      case PRIMARY -> "model-stage";
      case FALLBACK -> "fallback-stage";
      case BATCH -> "batch-stage";
    };
  }

  /** The durable in-flight ledger of a stage. */
  public String ledgerStore(StageRole role) {
    return switch (role) {
      case PRIMARY -> "inflight-ledger";
      case FALLBACK -> "fallback-ledger";
      case BATCH -> "batch-ledger";
    };
  }

  /** Parked requests by due time. */
  public String scheduleStore() {
    return "retry-schedule";
  }

  /** The global stale-if-error cache. */
  public String cacheStore() {
    return "answer-cache";
  }

  public String resultsSink() {
    return "results-sink";
  }

  public String dlqSink() {
    return "dlq-sink";
  }

  /** Where the online app passes backfill requests past the shared dedup check. */
  public String batchGate() {
    return "batch-gate";
  }

  public String batchAdmittedSink() {
    return "batch-admitted-sink";
  }

  public String fallbackSink() {
    return "fallback-sink";
  }

  public String cacheSink() {
    return "cache-sink";
  }

  public String retrySink(Duration tier) {
    return "retry-sink-" + Topics.tierName(tier);
  }
}
