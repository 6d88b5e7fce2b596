package dev.ballast.pipeline.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class InFlightWindowTest {

  @Test
  void shouldLetTheBatchLaneInOnAnIdleWindowWhenItsReserveIsTheWholeWindow() {
    // given: admission.batch.headroom.percent 100 asks the batch lane to leave everything free
    InFlightWindow window = new InFlightWindow(4, 4);
    AtomicInteger waits = new AtomicInteger();

    // when
    boolean waited = window.acquireSpare(Duration.ofMillis(1), waits::incrementAndGet);

    // then: it gets a permit at once instead of spinning forever
    assertThat(waited).isFalse();
    assertThat(waits).hasValue(0);
    assertThat(window.inFlight()).isEqualTo(1);
  }

  @Test
  void shouldKeepTheReserveForTheOnlineLaneWhenTheWindowIsBusy() {
    // given: 2 of 4 permits taken, a reserve of 2
    InFlightWindow window = new InFlightWindow(4, 2);
    window.tryAcquire();
    window.tryAcquire();

    // when / then
    assertThat(window.tryAcquireSpare()).isFalse();
    assertThat(window.inFlight()).isEqualTo(2);
    window.release();
    assertThat(window.tryAcquireSpare()).isTrue();
    assertThat(window.inFlight()).isEqualTo(2);
  }
}
