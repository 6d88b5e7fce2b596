package dev.ballast.simulator.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class QuotaWindowTest {

  @Test
  void shouldFreeCapacityExactlySixtySecondsAfterACharge() {
    // given
    QuotaWindow window = new QuotaWindow();
    window.tryCharge(0, 10, 2, 1000);
    window.tryCharge(30_000, 10, 2, 1000);

    // then
    assertThat(window.tryCharge(59_999, 10, 2, 1000)).isFalse();
    assertThat(window.tryCharge(60_000, 10, 2, 1000)).isTrue();
    assertThat(window.tryCharge(60_001, 10, 2, 1000)).isFalse();
  }

  @Test
  void shouldRefuseACallWhoseTokensDoNotFitTheWindow() {
    // given
    QuotaWindow window = new QuotaWindow();

    // then
    assertThat(window.tryCharge(0, 600, 100, 1000)).isTrue();
    assertThat(window.tryCharge(1, 500, 100, 1000)).isFalse();
    assertThat(window.tryCharge(2, 400, 100, 1000)).isTrue();
  }
}
