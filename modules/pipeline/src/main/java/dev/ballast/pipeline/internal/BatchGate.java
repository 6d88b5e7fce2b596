package dev.ballast.pipeline.internal;

import dev.ballast.client.DeadLetterHeaders;
import dev.ballast.pipeline.PipelineMetrics;
import dev.ballast.schemas.InFlight;
import dev.ballast.schemas.InferenceRequest;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The batch lane's way in, in the online app: one dedup check for both lanes. A backfill request
 * whose id is in flight, parked, in the fallback stage, already in the batch lane or answered
 * within {@code dedup.retention} is a duplicate (no result, no call); any other is remembered in
 * the primary ledger as handed to the batch lane and passed on to {@code requests.batch.admitted},
 * which the batch lane's app serves. {@code requests} and {@code requests.batch} are co-partitioned
 * by request id, so both copies of an id meet in the same task and the same ledger.
 *
 * <p>Runs on a stream thread only; one instance per task.
 */
public final class BatchGate implements Processor<String, InFlight, String, InferenceRequest> {

  private static final Logger log = LoggerFactory.getLogger(BatchGate.class);

  private final TopologyNames names;
  private final PipelineMetrics metrics;
  private final long retentionMs;
  private ProcessorContext<String, InferenceRequest> context;
  private Ledger ledger;

  public BatchGate(TopologyNames names, PipelineMetrics metrics, long retentionMs) {
    this.names = names;
    this.metrics = metrics;
    this.retentionMs = retentionMs;
  }

  @Override
  public void init(ProcessorContext<String, InferenceRequest> context) {
    this.context = context;
    String primary = names.ledgerStore(StageRole.PRIMARY);
    this.ledger = new Ledger(context, primary, primary, retentionMs);
  }

  @Override
  public void process(Record<String, InFlight> record) {
    String id = record.key();
    long now = context.currentSystemTimeMs();
    boolean redriven = record.headers().lastHeader(DeadLetterHeaders.REDRIVEN_FROM) != null;
    if (ledger.seen(id, !redriven, now)) {
      metrics.duplicates.increment();
      log.debug("Backfill request {} is elsewhere in the pipeline or was answered; ignored", id);
      return;
    }
    ledger.handedOff(id, now);
    context.forward(record.withValue(record.value().getRequest()), names.batchAdmittedSink());
  }
}
