package dev.ballast.pipeline.internal;

import dev.ballast.pipeline.PipelineMetrics;
import dev.ballast.schemas.AvroSerde;
import dev.ballast.schemas.InFlight;
import dev.ballast.schemas.InferenceRequest;
import dev.ballast.schemas.Lane;
import dev.ballast.schemas.ReasonCode;
import dev.ballast.schemas.RequestState;
import dev.ballast.schemas.UndecodableRecordException;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads records that Ballast itself wrote to the fallback topic: the request plus its state header.
 * A record without a state (written by hand, or re-driven) starts at the first fallback endpoint.
 *
 * <p>Runs on a stream thread only; one instance per task.
 */
public final class StatefulIntake implements Processor<byte[], byte[], String, Object> {

  private static final Logger log = LoggerFactory.getLogger(StatefulIntake.class);

  private final AvroSerde<InferenceRequest> serde;
  private final TopologyNames names;
  private final String target;
  private final PipelineMetrics metrics;
  private ProcessorContext<String, Object> context;

  public StatefulIntake(
      AvroSerde<InferenceRequest> serde,
      TopologyNames names,
      String target,
      PipelineMetrics metrics) {
    this.serde = serde;
    this.names = names;
    this.target = target;
    this.metrics = metrics;
  }

  @Override
  public void init(ProcessorContext<String, Object> context) {
    this.context = context;
  }

  @Override
  public void process(Record<byte[], byte[]> record) {
    String key = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
    String where = Rejections.where(context);
    InferenceRequest request;
    RequestState state;
    try {
      request = serde.decode(record.value(), where);
      state = StateHeaders.read(record.headers(), where);
    } catch (UndecodableRecordException e) {
      log.warn("Dead-lettering an undecodable record: {}", e.getMessage());
      Rejections.reject(
          context, names, record, key, null, ReasonCode.UNDECODABLE_REQUEST, e.getMessage());
      metrics.deadLetter(ReasonCode.UNDECODABLE_REQUEST);
      return;
    }
    if (state == null) {
      state = RequestStates.initial(Lane.ONLINE, context.currentSystemTimeMs(), 1);
    }
    context.forward(
        new Record<String, Object>(
            request.getId(), new InFlight(request, state), record.timestamp()),
        target);
  }
}
