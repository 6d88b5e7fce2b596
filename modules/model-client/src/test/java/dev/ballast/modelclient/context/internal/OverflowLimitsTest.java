package dev.ballast.modelclient.context.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OverflowLimitsTest {

  @Test
  void shouldReadInputLimitWhenMessageIsAnthropics() {
    // when
    OverflowLimits limits =
        OverflowLimits.parse("prompt is too long: 250000 tokens > 195904 maximum");

    // then
    assertThat(limits).isEqualTo(new OverflowLimits(250_000, 195_904, false));
  }

  @Test
  void shouldReadWindowAndMessageTokensWhenMessageStatesRequestedTotal() {
    // when
    OverflowLimits limits =
        OverflowLimits.parse(
            "This model's maximum context length is 8192 tokens. However, you requested 9000"
                + " tokens (8000 in the messages, 1000 in the completion).");

    // then
    assertThat(limits).isEqualTo(new OverflowLimits(8_000, 8_192, true));
  }

  @Test
  void shouldReadTokensAndWindowWhenMessageIsOpenAisContextLengthError() {
    // when
    OverflowLimits limits =
        OverflowLimits.parse(
            "This model's maximum context length is 8192 tokens. However, your messages resulted"
                + " in 9000 tokens.");

    // then
    assertThat(limits).isEqualTo(new OverflowLimits(9_000, 8_192, true));
  }

  @Test
  void shouldGiveNothingWhenMessageStatesNoNumbers() {
    // when / then
    assertThat(OverflowLimits.parse("Input is too long for requested model.")).isNull();
    assertThat(OverflowLimits.parse(null)).isNull();
  }
}
