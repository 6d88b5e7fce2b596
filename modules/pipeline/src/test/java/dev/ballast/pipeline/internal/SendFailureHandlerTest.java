package dev.ballast.pipeline.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ballast.schemas.AvroSerde;
import dev.ballast.schemas.InferenceResult;
import dev.ballast.schemas.Status;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.streams.errors.ProductionExceptionHandler.Response;
import org.apache.kafka.streams.errors.ProductionExceptionHandler.Result;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SendFailureHandlerTest {

  private final SendFailureHandler handler = new SendFailureHandler();

  @BeforeEach
  void configure() {
    handler.configure(Map.of(SendFailureHandler.TOPIC_PREFIX_CONFIG, "p."));
  }

  private static ProducerRecord<byte[], byte[]> record(String topic) {
    return new ProducerRecord<>(
        topic, "r-1".getBytes(StandardCharsets.UTF_8), new byte[] {1, 2, 3});
  }

  @Test
  void shouldResumeWithAFailedResultAndADeadLetterWhenAParkedRecordIsTooLarge() {
    // when
    Response r =
        handler.handleError(null, record("p.retry.1s"), new RecordTooLargeException("too big"));

    // then
    assertThat(r.result()).isEqualTo(Result.RESUME);
    assertThat(r.deadLetterQueueRecords())
        .extracting(ProducerRecord::topic)
        .containsExactly("p.results", "p.dlq");
    InferenceResult failed =
        AvroSerde.of(InferenceResult.class)
            .decode(r.deadLetterQueueRecords().get(0).value(), "test");
    assertThat(failed.getId()).isEqualTo("r-1");
    assertThat(failed.getStatus()).isEqualTo(Status.FAILED);
    assertThat(failed.getError().getCode()).isEqualTo("REQUEST_TOO_LARGE");
    assertThat(failed.getError().getMessage()).contains("p.retry.1s");
    assertThat(r.deadLetterQueueRecords().get(1).value()).isNull();
  }

  @Test
  void shouldReplaceAResultThatCannotBeSentWithAFailedOneWhenTheResultIsTooLarge() {
    Response r =
        handler.handleError(null, record("p.results"), new RecordTooLargeException("too big"));

    assertThat(r.result()).isEqualTo(Result.RESUME);
    assertThat(r.deadLetterQueueRecords())
        .extracting(ProducerRecord::topic)
        .containsExactly("p.results");
  }

  @Test
  void shouldSkipWithoutAResultWhenTheRecordIsNotAboutARequestsFate() {
    Response cache =
        handler.handleError(null, record("p.cache"), new RecordTooLargeException("too big"));
    Response dlq = handler.handleError(null, record("p.dlq"), new RecordTooLargeException("big"));

    assertThat(cache.result()).isEqualTo(Result.RESUME);
    assertThat(cache.deadLetterQueueRecords()).isEmpty();
    assertThat(dlq.deadLetterQueueRecords()).isEmpty();
  }
}
