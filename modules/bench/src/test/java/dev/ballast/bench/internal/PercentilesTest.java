package dev.ballast.bench.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PercentilesTest {

  @Test
  void shouldReturnNearestRankWhenValuesAreAddedOutOfOrder() {
    // given
    Percentiles p = new Percentiles();
    for (int v = 100; v >= 1; v--) {
      p.add(v);
    }

    // when / then
    assertThat(p.percentile(50)).isEqualTo(50);
    assertThat(p.percentile(99)).isEqualTo(99);
    assertThat(p.percentile(100)).isEqualTo(100);
    assertThat(p.percentile(0.5)).isEqualTo(1);
    assertThat(p.size()).isEqualTo(100);
    assertThat(p.max()).isEqualTo(100);
    assertThat(p.mean()).isEqualTo(50.5);
  }

  @Test
  void shouldRoundRankUpWhenItFallsBetweenValues() {
    // given
    Percentiles p = new Percentiles();
    p.add(10);
    p.add(20);
    p.add(30);

    // when / then: rank ceil(0.5 * 3) = 2, ceil(0.99 * 3) = 3
    assertThat(p.percentile(50)).isEqualTo(20);
    assertThat(p.percentile(99)).isEqualTo(30);
  }

  @Test
  void shouldReturnZeroWhenEmpty() {
    // given
    Percentiles p = new Percentiles();

    // when / then
    assertThat(p.percentile(99)).isZero();
    assertThat(p.mean()).isZero();
  }

  @Test
  void shouldRejectPercentileWhenOutOfRange() {
    // given
    Percentiles p = new Percentiles();

    // when / then
    assertThatThrownBy(() -> p.percentile(0)).hasMessageContaining("was 0.0");
    assertThatThrownBy(() -> p.percentile(101)).hasMessageContaining("was 101.0");
  }

  @Test
  void shouldKeepEveryValueWhenGrowingPastInitialCapacity() {
    // given
    Percentiles p = new Percentiles();

    // when
    for (int v = 0; v < 5000; v++) {
      p.add(v);
    }

    // then
    assertThat(p.size()).isEqualTo(5000);
    assertThat(p.percentile(100)).isEqualTo(4999);
  }
}
