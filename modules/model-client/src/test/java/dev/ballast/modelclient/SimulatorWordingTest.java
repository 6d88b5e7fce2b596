package dev.ballast.modelclient;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ballast.simulator.OverflowStyle;
import dev.ballast.simulator.RateLimitHint;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The parsers read every wording and hint the simulator produces, with the numbers it states. */
class SimulatorWordingTest {

  private static final Instant NOW = Instant.parse("2026-11-30T18:00:00.250Z");

  @ParameterizedTest
  @EnumSource(value = OverflowStyle.class, mode = EnumSource.Mode.EXCLUDE, names = "STOP_REASON")
  void shouldRecogniseEverySimulatedOverflowWhenTheInputAloneIsTooLong(OverflowStyle style) {
    // given
    String message = style.message(410, 80, 300);

    // when
    var overflow = OverflowMessages.overflow(message);

    // then
    assertThat(overflow).as(message).isPresent();
    if (style != OverflowStyle.BEDROCK) {
      assertThat(overflow.get().inputTokens()).as(message).isEqualTo(OptionalInt.of(410));
    }
    assertThat(OverflowMessages.outputLimit(message)).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(value = OverflowStyle.class, mode = EnumSource.Mode.EXCLUDE, names = "STOP_REASON")
  void shouldRecogniseEverySimulatedOverflowWhenTheOutputBudgetTipsIt(OverflowStyle style) {
    // given
    String message = style.message(250, 80, 300);

    // when
    var overflow = OverflowMessages.overflow(message);

    // then
    assertThat(overflow).as(message).isPresent();
    if (style == OverflowStyle.OPENAI || style == OverflowStyle.VLLM) {
      assertThat(overflow.get().inputTokens()).isEqualTo(OptionalInt.of(250));
      assertThat(overflow.get().outputTokens()).isEqualTo(OptionalInt.of(80));
      assertThat(overflow.get().limit()).isEqualTo(OptionalInt.of(300));
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "The maximum tokens you requested exceeds the model limit of 100. Try again with a maximum"
            + " tokens value that is lower than 100.",
        "max_tokens is too large: 150. This model supports at most 100 completion tokens, whereas"
            + " you provided 150."
      })
  void shouldRecogniseTheSimulatedOutputLimitWhenMaxTokensIsTooLarge(String message) {
    assertThat(OverflowMessages.overflow(message)).isEmpty();
    assertThat(OverflowMessages.outputLimit(message).orElseThrow().limit())
        .isEqualTo(OptionalInt.of(100));
  }

  @ParameterizedTest
  @EnumSource(RateLimitHint.class)
  void shouldReadEverySimulatedHintWithinASecondOfTheWait(RateLimitHint hint) {
    for (Duration wait :
        List.of(Duration.ofMillis(6), Duration.ofMillis(1500), Duration.ofSeconds(10_800))) {
      // given
      Map<String, List<String>> headers =
          Map.of(hint.headerName(), List.of(hint.render(wait, NOW)));

      // when
      Duration read = RateLimitHints.wait(headers, NOW).orElseThrow();

      // then
      assertThat(read).as(hint + " " + wait).isBetween(wait, wait.plusSeconds(1));
    }
  }
}
