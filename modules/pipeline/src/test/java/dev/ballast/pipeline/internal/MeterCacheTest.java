package dev.ballast.pipeline.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class MeterCacheTest {

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final MeterCache meters = new MeterCache(registry);

  @Test
  void shouldRegisterAMeterOncePerLabelSetAndCountIntoIt() {
    // given
    AtomicInteger tagsBuilt = new AtomicInteger();

    // when
    for (int i = 0; i < 3; i++) {
      meters
          .counter(
              "calls",
              "calls made",
              () -> {
                tagsBuilt.incrementAndGet();
                return Tags.of("outcome", "ok");
              },
              "ok")
          .increment();
    }
    Counter failed = meters.counter("calls", "calls made", () -> Tags.of("outcome", "err"), "err");
    failed.increment();

    // then
    assertThat(tagsBuilt).hasValue(1);
    assertThat(registry.get("calls").tag("outcome", "ok").counter().count()).isEqualTo(3);
    assertThat(registry.get("calls").tag("outcome", "err").counter().count()).isEqualTo(1);
    assertThat(meters.counter("calls", "calls made", () -> Tags.of("outcome", "err"), "err"))
        .isSameAs(failed);
  }

  @Test
  void shouldKeepTimersApartFromCountersOfOtherNames() {
    // when
    meters
        .timer("latency", "call latency", new Duration[] {Duration.ofMillis(10)}, Tags::empty, "a")
        .record(5, TimeUnit.MILLISECONDS);
    meters.counter("count", "count", Tags::empty, "a").increment();

    // then
    assertThat(registry.get("latency").timer().count()).isEqualTo(1);
    assertThat(registry.get("count").counter().count()).isEqualTo(1);
  }
}
