package dev.ballast.modelclient.context;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class CalibrationTest {

  private static final String MODEL = "anthropic.claude-3-haiku-20240307-v1:0";

  private final Calibration calibration = Calibration.create();

  @Test
  void shouldNotCorrectWhenModelWasNeverObserved() {
    // when / then
    assertThat(calibration.factor(MODEL)).isEqualTo(1.0);
    assertThat(calibration.calibrated(MODEL, 1234)).isEqualTo(1234);
  }

  @Test
  void shouldSeedFactorWhenFirstObservationArrives() {
    // when
    calibration.observe(MODEL, 1_000, 1_250);

    // then
    assertThat(calibration.factor(MODEL)).isEqualTo(1.25);
  }

  @Test
  void shouldConvergeToProviderRatioWhenObservedRepeatedly() {
    // given
    calibration.observe(MODEL, 1_000, 900);

    // when
    for (int i = 0; i < 60; i++) {
      calibration.observe(MODEL, 1_000 + i, (int) Math.round((1_000 + i) * 1.3));
    }

    // then
    assertThat(calibration.factor(MODEL)).isCloseTo(1.3, within(0.005));
  }

  @Test
  void shouldStayWithinBoundsWhenRatiosAreExtreme() {
    // when
    calibration.observe("high.model", 1_000, 50_000);
    calibration.observe("low.model", 1_000, 10);

    // then
    assertThat(calibration.factor("high.model")).isEqualTo(3.0);
    assertThat(calibration.factor("low.model")).isEqualTo(0.5);
  }

  @Test
  void shouldIgnoreObservationWhenRequestIsTooSmallOrCountIsMissing() {
    // when
    calibration.observe(MODEL, 20, 60);
    calibration.observe(MODEL, 1_000, 0);
    calibration.observe(MODEL, 0, 1_000);

    // then
    assertThat(calibration.factor(MODEL)).isEqualTo(1.0);
    assertThat(calibration.factors()).isEmpty();
  }

  @Test
  void shouldShareFactorWhenModelIdsDifferOnlyByGeographyPrefix() {
    // when
    calibration.observe("us." + MODEL, 1_000, 1_500);
    calibration.observe("eu." + MODEL, 1_000, 1_500);

    // then
    assertThat(calibration.factor(MODEL)).isEqualTo(1.5);
    assertThat(calibration.factor("apac." + MODEL)).isEqualTo(1.5);
    assertThat(calibration.factors()).containsOnlyKeys(MODEL);
  }

  @Test
  void shouldRaiseFactorToOverflowRatioWhenProviderCountedMore() {
    // given
    for (int i = 0; i < 10; i++) {
      calibration.observe(MODEL, 1_000, 1_000);
    }

    // when
    calibration.observeOverflow(MODEL, 100_000, 160_000);

    // then
    assertThat(calibration.factor(MODEL)).isEqualTo(1.6);
    assertThat(calibration.calibrated(MODEL, 100_000)).isEqualTo(160_000);
  }

  @Test
  void shouldMoveLittleWhenASmallRequestDisagrees() {
    // given: a large request sets the factor
    calibration.observe(MODEL, 5_000, 6_000);

    // when: a short one, dominated by fixed overheads, says otherwise
    calibration.observe(MODEL, 100, 200);

    // then
    assertThat(calibration.factor(MODEL)).isBetween(1.2, 1.22);
  }

  @Test
  void shouldRoundUpWhenCalibratedEstimateIsFractional() {
    // given
    calibration.observe(MODEL, 1_000, 1_150);

    // when / then
    assertThat(calibration.calibrated(MODEL, 10)).isEqualTo(12);
    assertThat(calibration.calibrated(MODEL, 100)).isEqualTo(115);
  }

  @Test
  void shouldKeepEveryObservationWhenManyThreadsObserve() throws Exception {
    // given
    ExecutorService pool = Executors.newFixedThreadPool(4);
    List<Future<?>> futures = new ArrayList<>();

    // when
    try {
      for (int t = 0; t < 4; t++) {
        futures.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < 2_000; i++) {
                    calibration.observe(MODEL, 1_000, 1_200);
                  }
                }));
      }
      for (Future<?> future : futures) {
        future.get();
      }
    } finally {
      pool.shutdownNow();
    }

    // then
    assertThat(calibration.factor(MODEL)).isCloseTo(1.2, within(1e-9));
  }

  @Test
  void shouldNameBadValueWhenOptionsAreInvalid() {
    // when / then
    assertThatThrownBy(() -> new Calibration.Options(0, 0.5, 3, 64))
        .hasMessage("smoothing must be in (0, 1], was 0.0");
    assertThatThrownBy(() -> new Calibration.Options(0.2, 0.5, 0.9, 64))
        .hasMessage("maxFactor must be >= 1 and finite, was 0.9");
  }
}
