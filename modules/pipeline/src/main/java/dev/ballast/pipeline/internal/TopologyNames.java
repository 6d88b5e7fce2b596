package dev.ballast.pipeline.internal;

/** Node and store names of the topology, in one place. */
public record TopologyNames(String prefix) {

  public String modelStage() {
    return "model-stage";
  }

  public String resultsSink() {
    return "results-sink";
  }

  public String dlqSink() {
    return "dlq-sink";
  }

  /** The durable in-flight ledger. */
  public String ledgerStore() {
    return "inflight-ledger";
  }
}
