package dev.ballast.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class EstimateAccuracyTest {

  @Test
  void shouldWeighErrorsByReportedTokensWhenAnswersDiffer() {
    EstimateAccuracy accuracy = new EstimateAccuracy();
    assertThat(accuracy.errorPercent()).isZero();

    accuracy.record(120, 95, 100);
    accuracy.record(250, 310, 300);

    assertThat(accuracy.answers().sum()).isEqualTo(2);
    assertThat(accuracy.errorPercent()).isCloseTo(100.0 * (5 + 10) / 400, within(1e-9));
    assertThat(accuracy.rawErrorPercent()).isCloseTo(100.0 * (20 + 50) / 400, within(1e-9));
  }
}
