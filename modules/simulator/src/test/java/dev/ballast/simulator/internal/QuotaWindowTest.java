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
    assertThat(window.tryCharge(59_999, 10, 2, 1000)).isPositive();
    assertThat(window.tryCharge(60_000, 10, 2, 1000)).isZero();
    assertThat(window.tryCharge(60_001, 10, 2, 1000)).isPositive();
  }

  @Test
  void shouldRefuseACallWhoseTokensDoNotFitTheWindow() {
    // given
    QuotaWindow window = new QuotaWindow();

    // then
    assertThat(window.tryCharge(0, 600, 100, 1000)).isZero();
    assertThat(window.tryCharge(1, 500, 100, 1000)).isPositive();
    assertThat(window.tryCharge(2, 400, 100, 1000)).isZero();
  }

  @Test
  void shouldTellTheWaitUntilTheWindowHasRoomWhenACallIsRefused() {
    // given
    QuotaWindow window = new QuotaWindow();
    window.tryCharge(0, 300, 2, 1000);
    window.tryCharge(10_000, 300, 2, 1000);
    window.tryCharge(20_000, 300, 3, 1000);

    // then: the request limit frees when the first call leaves the window, at 60 s
    assertThat(window.tryCharge(30_000, 10, 3, 1000)).isEqualTo(30_000);
    // the token limit needs the first two calls gone for 700 tokens, at 70 s
    assertThat(window.tryCharge(30_000, 700, 10, 1000)).isEqualTo(40_000);
    // a call larger than the token limit never fits
    assertThat(window.tryCharge(30_000, 2000, 10, 1000)).isEqualTo(QuotaWindow.WINDOW_MILLIS);
  }
}
