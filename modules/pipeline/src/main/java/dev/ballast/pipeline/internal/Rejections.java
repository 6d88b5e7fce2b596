package dev.ballast.pipeline.internal;

import dev.ballast.schemas.InferenceRequest;
import dev.ballast.schemas.ReasonCode;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/** Dead-lettering of records that cannot even be read, shared by every source processor. */
final class Rejections {

  private Rejections() {}

  /**
   * The original bytes to the dlq with reason and source headers; a FAILED result when possible.
   */
  static void reject(
      ProcessorContext<String, Object> context,
      TopologyNames names,
      Record<byte[], byte[]> record,
      String id,
      InferenceRequest request,
      ReasonCode code,
      String message) {
    RecordMetadata meta = context.recordMetadata().orElse(null);
    long now = context.currentSystemTimeMs();
    // A request too large to copy is left out: the source headers say where to read it.
    byte[] payload = code == ReasonCode.REQUEST_TOO_LARGE ? null : record.value();
    context.forward(
        new Record<String, Object>(
            id,
            payload,
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
    if (id != null && !id.isBlank()) {
      context.forward(
          new Record<String, Object>(
              id, Results.failed(id, request, null, code, message, now), now),
          names.resultsSink());
    }
  }

  /** {@code topic-partition@offset} of the record being processed. */
  static String where(ProcessorContext<?, ?> context) {
    return context
        .recordMetadata()
        .map(m -> m.topic() + "-" + m.partition() + "@" + m.offset())
        .orElse("an unknown source");
  }
}
