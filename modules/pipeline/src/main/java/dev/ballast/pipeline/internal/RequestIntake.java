package dev.ballast.pipeline.internal;

import dev.ballast.pipeline.PipelineMetrics;
import dev.ballast.schemas.AvroSerde;
import dev.ballast.schemas.InferenceRequest;
import dev.ballast.schemas.UndecodableRecordException;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
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

  private final AvroSerde<InferenceRequest> serde;
  private final RequestValidator validator;
  private final TopologyNames names;
  private final PipelineMetrics metrics;
  private ProcessorContext<String, Object> context;

  public RequestIntake(
      AvroSerde<InferenceRequest> serde,
      RequestValidator validator,
      TopologyNames names,
      PipelineMetrics metrics) {
    this.serde = serde;
    this.validator = validator;
    this.names = names;
    this.metrics = metrics;
  }

  @Override
  public void init(ProcessorContext<String, Object> context) {
    this.context = context;
  }

  @Override
  public void process(Record<byte[], byte[]> record) {
    metrics.requestsRead.increment();
    String key = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
    RecordMetadata meta = context.recordMetadata().orElse(null);
    String where =
        meta == null
            ? "an unknown source"
            : meta.topic() + "-" + meta.partition() + "@" + meta.offset();
    InferenceRequest request;
    try {
      request = serde.decode(record.value(), where);
    } catch (UndecodableRecordException e) {
      log.warn("Dead-lettering an undecodable request: {}", e.getMessage());
      reject(record, meta, key, null, ReasonCodes.UNDECODABLE_REQUEST, e.getMessage());
      return;
    }
    RequestValidator.Problem problem = validator.check(request, key);
    if (problem != null) {
      log.warn(
          "Dead-lettering request {} from {}: {} {}",
          request.getId(),
          where,
          problem.code(),
          problem.message());
      String id = request.getId() == null || request.getId().isBlank() ? key : request.getId();
      reject(record, meta, id, request, problem.code(), problem.message());
      return;
    }
    context.forward(
        new Record<String, Object>(request.getId(), request, record.timestamp(), record.headers()),
        names.modelStage());
  }

  private void reject(
      Record<byte[], byte[]> record,
      RecordMetadata meta,
      String id,
      InferenceRequest request,
      String code,
      String message) {
    long now = context.currentSystemTimeMs();
    context.forward(
        new Record<String, Object>(
            id,
            record.value(),
            record.timestamp(),
            BallastHeaders.deadLetter(
                record.headers(),
                code,
                message,
                meta == null ? null : meta.topic(),
                meta == null ? -1 : meta.partition(),
                meta == null ? -1 : meta.offset(),
                now)),
        names.dlqSink());
    metrics.deadLettered.increment();
    if (id != null && !id.isBlank()) {
      context.forward(
          new Record<String, Object>(
              id, Results.failed(id, request, null, code, message, now), now),
          names.resultsSink());
      metrics.failed.increment();
    }
  }
}
