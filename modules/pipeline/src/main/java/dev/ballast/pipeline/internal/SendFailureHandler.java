package dev.ballast.pipeline.internal;

import dev.ballast.schemas.AvroSerde;
import dev.ballast.schemas.InferenceResult;
import dev.ballast.schemas.ReasonCode;
import dev.ballast.schemas.Topics;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kafka Streams' {@code production.exception.handler} for Ballast: a record that cannot be sent
 * (too large, a serialization error) never kills the stream thread. When the record was about a
 * request's fate (its result, a delay tier, the fallback topic or a dead letter), the request gets
 * a small {@code FAILED} result with the reason (and, for a delay tier or the fallback topic, a
 * dead letter without payload) in its place, committed with the task's other output; any other
 * record (the cache, a changelog) is skipped and logged. The intake's size check ({@code
 * REQUEST_TOO_LARGE}) keeps this a last resort.
 *
 * <p>Instantiated by Kafka Streams; thread-safe (its state is fixed by {@link #configure}).
 */
public final class SendFailureHandler implements ProductionExceptionHandler {

  /** Streams property naming the topic prefix, set by Ballast. */
  public static final String TOPIC_PREFIX_CONFIG = "ballast.topic.prefix";

  private static final Logger log = LoggerFactory.getLogger(SendFailureHandler.class);
  private static final AvroSerde<InferenceResult> RESULTS = AvroSerde.of(InferenceResult.class);

  private Topics topics = Topics.defaults();
  private List<String> fates = List.of();

  @Override
  public void configure(Map<String, ?> configs) {
    Object prefix = configs.get(TOPIC_PREFIX_CONFIG);
    topics = prefix == null ? Topics.defaults() : Topics.withPrefix(String.valueOf(prefix));
    fates =
        List.of(
            topics.results().name(),
            topics.dlq().name(),
            topics.fallback().name(),
            topics.prefix() + "retry.");
  }

  @Override
  public Response handleError(
      ErrorHandlerContext context, ProducerRecord<byte[], byte[]> record, Exception exception) {
    return handled(record, exception);
  }

  @Override
  @SuppressWarnings("rawtypes") // the interface's own signature
  public Response handleSerializationError(
      ErrorHandlerContext context,
      ProducerRecord record,
      Exception exception,
      SerializationExceptionOrigin origin) {
    return handled(record, exception);
  }

  private Response handled(ProducerRecord<?, ?> record, Exception exception) {
    boolean fate = fates.stream().anyMatch(t -> record.topic().startsWith(t));
    if (!fate || !(record.key() instanceof byte[] key) || key.length == 0) {
      log.error(
          "Skipping a record to {} that cannot be sent: {}", record.topic(), exception.toString());
      return Response.resume();
    }
    String id = new String(key, StandardCharsets.UTF_8);
    ReasonCode code =
        exception instanceof RecordTooLargeException
            ? ReasonCode.REQUEST_TOO_LARGE
            : ReasonCode.INTERNAL_ERROR;
    String message =
        "Ballast could not write the request's record to "
            + record.topic()
            + ": "
            + exception.getClass().getSimpleName()
            + (exception.getMessage() == null ? "" : " (" + exception.getMessage() + ")");
    log.error("Failing request {}: {}", id, message);
    long now = System.currentTimeMillis();
    byte[] result = RESULTS.encode(Results.failed(id, null, null, code, message, now));
    ProducerRecord<byte[], byte[]> failed =
        new ProducerRecord<>(topics.results().name(), null, now, key, result);
    ProducerRecord<byte[], byte[]> deadLetter =
        new ProducerRecord<>(
            topics.dlq().name(),
            null,
            now,
            key,
            null,
            BallastHeaders.deadLetter(
                new RecordHeaders(), code, message, record.topic(), -1, -1, now));
    if (record.topic().equals(topics.dlq().name())) {
      return Response.resume(); // the request's FAILED result is its own record
    }
    return record.topic().equals(topics.results().name())
        ? Response.resume(List.of(failed))
        : Response.resume(List.of(failed, deadLetter));
  }
}
