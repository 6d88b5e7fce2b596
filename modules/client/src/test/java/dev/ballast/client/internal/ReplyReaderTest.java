package dev.ballast.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ballast.schemas.InferenceResult;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.junit.jupiter.api.Test;

class ReplyReaderTest {

  @Test
  void shouldDropACallsTimeoutWhenTheCallEnds() {
    // given
    try (ReplyReader reader =
        new ReplyReader(() -> new MockConsumer<>("earliest"), "results", 10)) {
      CompletableFuture<InferenceResult> first = reader.register("r-1", Duration.ofHours(1));
      CompletableFuture<InferenceResult> second = reader.register("r-2", Duration.ofHours(1));
      assertThat(reader.queuedTimeouts()).isEqualTo(2);

      // when
      first.cancel(false);

      // then: nothing left to wake the timer for the ended call
      assertThat(reader.queuedTimeouts()).isEqualTo(1);
      assertThat(second).isNotDone();
    }
  }
}
