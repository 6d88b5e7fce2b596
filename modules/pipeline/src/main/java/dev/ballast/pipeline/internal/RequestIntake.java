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
 * Decodes and validates raw request records. Good requests go on to the model stage keyed by
 * request id; undecodable or invalid ones go to the dlq with their original bytes and reason
 * headers, and get a {@code FAILED} result when an id can be read. Nothing here stops the app.
 *
 * <p>Runs on a stream thread only; one instance per task.
 */
public final class RequestIntake implements Processor<byte[], byte[], String, Object> {

  private static final Logger log = LoggerFactory.getLogger(RequestIntake.class);

  private final Lane lane;
  private final AvroSerde<InferenceRequest> serde;
  private final RequestValidator validator;
  private final TopologyNames names;
  private final PipelineMetrics metrics;
  private final String target;
  private final boolean counts;
  private ProcessorContext<String, Object> context;

  /**
   * @param target the node good requests go to
   * @param counts whether this intake counts received requests (the first intake of a lane does;
   *     the batch app's, behind the batch gate, does not)
   */
  public RequestIntake(
      Lane lane,
      AvroSerde<InferenceRequest> serde,
      RequestValidator validator,
      TopologyNames names,
      PipelineMetrics metrics,
      String target,
      boolean counts) {
    this.lane = lane;
    this.serde = serde;
    this.validator = validator;
    this.names = names;
    this.metrics = metrics;
    this.target = target;
    this.counts = counts;
  }

  @Override
  public void init(ProcessorContext<String, Object> context) {
    this.context = context;
  }

  @Override
  public void process(Record<byte[], byte[]> record) {
    if (counts) {
      metrics.received(lane);
    }
    String key = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
    String where = Rejections.where(context);
    InferenceRequest request;
    try {
      request = serde.decode(record.value(), where);
    } catch (UndecodableRecordException e) {
      log.warn("Dead-lettering an undecodable request: {}", e.getMessage());
      reject(record, key, null, ReasonCode.UNDECODABLE_REQUEST, e.getMessage());
      return;
    }
    RequestValidator.Problem problem = validator.check(request, key, record.value().length);
    if (problem != null) {
      log.warn(
          "Dead-lettering request {} from {}: {} {}",
          request.getId(),
          where,
          problem.code(),
          problem.message());
      String id = request.getId() == null || request.getId().isBlank() ? key : request.getId();
      reject(record, id, request, problem.code(), problem.message());
      return;
    }
    RequestState state = RequestStates.initial(lane, context.currentSystemTimeMs(), 0);
    context.forward(
        new Record<String, Object>(
            request.getId(), new InFlight(request, state), record.timestamp(), record.headers()),
        target);
  }

  private void reject(
      Record<byte[], byte[]> record,
      String id,
      InferenceRequest request,
      ReasonCode code,
      String message) {
    Rejections.reject(context, names, record, id, request, code, message);
    metrics.deadLetter(code);
    if (id != null && !id.isBlank()) {
      metrics.failedAtIntake(lane, code);
    }
  }
}
