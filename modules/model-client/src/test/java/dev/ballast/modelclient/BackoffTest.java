package dev.ballast.modelclient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BackoffTest {

  private final Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1));

  @Test
  void shouldDoubleTheCeilingUpToTheCapWhenRetriesGrow() {
    assertThat(backoff.ceiling(1)).isEqualTo(Duration.ofMillis(100));
    assertThat(backoff.ceiling(2)).isEqualTo(Duration.ofMillis(200));
    assertThat(backoff.ceiling(4)).isEqualTo(Duration.ofMillis(800));
    assertThat(backoff.ceiling(5)).isEqualTo(Duration.ofSeconds(1));
    assertThat(backoff.ceiling(60)).isEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void shouldDrawDelaysUniformlyBelowTheCeilingWhenJittered() {
    // given
    SplittableRandom random = new SplittableRandom(7);
    long min = Long.MAX_VALUE;
    long max = 0;

    // when
    for (int i = 0; i < 10_000; i++) {
      long d = backoff.delay(3, random).toMillis();
      min = Math.min(min, d);
      max = Math.max(max, d);
    }

    // then: full jitter covers [0, 400]
    assertThat(min).isLessThan(10);
    assertThat(max).isBetween(390L, 400L);
  }

  @Test
  void shouldNeverWaitLessThanRetryAfterWhenProviderSentOne() {
    assertThat(backoff.delay(1, new SplittableRandom(1), Duration.ofSeconds(3)))
        .isEqualTo(Duration.ofSeconds(3));
  }

  @Test
  void shouldRejectCapBelowBase() {
    assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cap PT1S is below its base PT2S");
  }
}
