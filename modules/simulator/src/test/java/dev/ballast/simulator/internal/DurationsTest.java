package dev.ballast.simulator.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationsTest {

  @Test
  void shouldParseTheShortFormsWhenGiven() {
    // then
    assertThat(Durations.parse("250ms")).isEqualTo(Duration.ofMillis(250));
    assertThat(Durations.parse("1.5s")).isEqualTo(Duration.ofMillis(1500));
    assertThat(Durations.parse("2m")).isEqualTo(Duration.ofMinutes(2));
    assertThat(Durations.parse("1h")).isEqualTo(Duration.ofHours(1));
    assertThat(Durations.parse("0")).isEqualTo(Duration.ZERO);
    assertThat(Durations.parse("PT5S")).isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void shouldExplainTheFormatWhenTheTextIsNotADuration() {
    // then
    assertThatThrownBy(() -> Durations.parse("5 seconds"))
        .hasMessage("expected a duration like 250ms, 5s, 2m, was '5 seconds'");
  }

  @Test
  void shouldPrintTheShortestExactFormWhenFormatting() {
    // then
    assertThat(Durations.format(Duration.ofMillis(250))).isEqualTo("250ms");
    assertThat(Durations.format(Duration.ofSeconds(90))).isEqualTo("90s");
    assertThat(Durations.format(Duration.ofMinutes(45))).isEqualTo("45m");
  }
}
