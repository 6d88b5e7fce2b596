package dev.ballast.pipeline.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.junit.jupiter.api.Test;

class PollPaceTest {

  private static final Duration IDLE = Duration.ofMillis(100);

  @Test
  void shouldPollAtStreamsPaceWhileIdleAndBrieflyWhileAStageHasWorkOut() {
    // given
    PollPace pace = new PollPace();
    List<Object> seen = new ArrayList<>();
    Consumer<byte[], byte[]> consumer =
        PacedClientSupplier.paced(
            recording(seen),
            pace,
            new ThreadPace(() -> {}, null, System::currentTimeMillis, () -> Long.MIN_VALUE));

    // when: idle, two stages busy, one idle again, both idle, one idle too many
    consumer.poll(IDLE);
    pace.busy();
    pace.busy();
    consumer.poll(IDLE);
    consumer.poll(Duration.ZERO);
    pace.idle();
    consumer.poll(IDLE);
    pace.idle();
    pace.idle();
    consumer.poll(IDLE);
    consumer.assignment();

    // then: only poll's timeout changes, a short request stays short, the count never goes below 0
    assertThat(seen)
        .containsExactly(IDLE, PollPace.BUSY, Duration.ZERO, PollPace.BUSY, IDLE, "assignment");
    assertThat(pace.busyStages()).isZero();
  }

  @SuppressWarnings("unchecked")
  private static Consumer<byte[], byte[]> recording(List<Object> seen) {
    return (Consumer<byte[], byte[]>)
        Proxy.newProxyInstance(
            Consumer.class.getClassLoader(),
            new Class<?>[] {Consumer.class},
            (proxy, method, args) -> {
              if (method.getName().equals("poll")) {
                seen.add(args[0]);
                return ConsumerRecords.empty();
              }
              seen.add(method.getName());
              return method.getName().equals("assignment") ? Set.of() : null;
            });
  }
}
