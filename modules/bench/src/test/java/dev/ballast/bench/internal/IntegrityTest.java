package dev.ballast.bench.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class IntegrityTest {

  private static final Target STORM_P99 =
      Target.ALL.stream().filter(t -> t.key().equals("stormP99Ms")).findFirst().orElseThrow();

  @Test
  void shouldFailAFigureOnTargetWhenItsScenarioLostOrDuplicatedAResult() {
    Map<String, Object> figures = Map.of("stormP99Ms", 900.0);

    assertThat(STORM_P99.verdict(figures, Map.of("storm", Integrity.CLEAN))).isEqualTo("pass");
    assertThat(STORM_P99.verdict(figures, Map.of("storm", new Integrity(1, 0))))
        .isEqualTo("FAIL (lost 1, duplicates 0)");
    assertThat(STORM_P99.verdict(figures, Map.of("storm", new Integrity(0, 2))))
        .isEqualTo("FAIL (lost 0, duplicates 2)");
  }

  @Test
  void shouldFailAFigureWhenItsScenarioDidNotReportLostAndDuplicates() {
    Map<String, Object> figures = Map.of("stormP99Ms", 900.0);

    assertThat(Integrity.of(Map.of("lost", 0L))).isEqualTo(new Integrity(0, -1));
    assertThat(STORM_P99.verdict(figures, Map.of("storm", Integrity.of(Map.of("lost", 0)))))
        .isEqualTo("FAIL (lost/duplicates not checked)");
    assertThat(STORM_P99.verdict(figures, Map.of())).startsWith("FAIL");
  }

  @Test
  void shouldFailAFigureTheScenarioCouldNotComputeInsteadOfCallingItNotRun() {
    assertThat(
            STORM_P99.verdict(Map.of("stormP99Ms", Double.NaN), Map.of("storm", Integrity.CLEAN)))
        .isEqualTo("FAIL (no value)");
    assertThat(STORM_P99.verdict(Map.of(), Map.of())).isEqualTo("not run");
  }
}
