package dev.ballast.simulator.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TextGeneratorTest {

  @Test
  void shouldProduceExactlyTheRequestedTokensWhenCountedByTheTokenCounter() {
    for (int tokens = 0; tokens < 300; tokens += 7) {
      // when
      String text = TextGenerator.generate(new SplittableRandom(tokens), tokens);

      // then
      assertThat(TokenCounter.count(text)).as("tokens %d: %s", tokens, text).isEqualTo(tokens);
    }
  }

  @Test
  void shouldRepeatTheTextWhenTheSeedIsTheSame() {
    // then
    assertThat(TextGenerator.generate(new SplittableRandom(1), 40))
        .isEqualTo(TextGenerator.generate(new SplittableRandom(1), 40))
        .isNotEqualTo(TextGenerator.generate(new SplittableRandom(2), 40));
  }
}
