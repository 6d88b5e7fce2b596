package dev.ballast.simulator.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class TokenCounterTest {

  @Test
  void shouldCountAStartedTokenPerFourLettersWhenTextIsWords() {
    // then
    assertThat(TokenCounter.count("")).isZero();
    assertThat(TokenCounter.count("the")).isEqualTo(1);
    assertThat(TokenCounter.count("data")).isEqualTo(1);
    assertThat(TokenCounter.count("tokenizer")).isEqualTo(3);
    assertThat(TokenCounter.count("the quick brown fox")).isEqualTo(1 + 2 + 2 + 1);
  }

  @Test
  void shouldCountPunctuationDigitsAndLineBreaksSeparatelyWhenMixed() {
    // then
    assertThat(TokenCounter.count("Hello, world!")).isEqualTo(2 + 1 + 2 + 1);
    assertThat(TokenCounter.count("12345")).isEqualTo(2);
    assertThat(TokenCounter.count("a\n\n\nb")).isEqualTo(3);
    assertThat(TokenCounter.count("   ")).isZero();
  }

  @Test
  void shouldCountIdeographsOneEachAndOtherAlphabetsPerTwoLettersWhenNotLatin() {
    // then
    assertThat(TokenCounter.count("日本語")).isEqualTo(3);
    assertThat(TokenCounter.count("привет")).isEqualTo(3);
  }

  @Test
  void shouldAddOverheadsWhenCountingAConversation() {
    // given
    Prompt prompt =
        new Prompt(
            List.of("Be brief."), List.of(new Prompt.Message("user", List.of("hello"))), List.of());

    // when
    int tokens = TokenCounter.count(prompt);

    // then: priming 3 + system 3 + "Be brief." 4 + message 4 + "hello" 2
    assertThat(tokens).isEqualTo(16);
  }

  @Test
  void shouldBeDeterministicWhenCountedTwice() {
    // given
    String text = "Déjà vu: the 2nd time's the charm — isn't it? ✓";

    // then
    assertThat(TokenCounter.count(text)).isEqualTo(TokenCounter.count(text)).isPositive();
  }

  @Test
  void shouldClassifyEveryAsciiCharacterAsTheUnicodeRulesDoWhenRepeated() {
    for (char c = 0; c < 0x80; c++) {
      // given: five of one character
      String text = String.valueOf(c).repeat(5);
      int expected;
      if (Character.isLetter(c) || Character.isDigit(c)) {
        expected = 2; // a Latin run of 5 is 2 tokens, a digit run of 5 is 2
      } else if (c == '\n' || c == '\r') {
        expected = 1;
      } else if (Character.isWhitespace(c) || Character.isSpaceChar(c)) {
        expected = 0;
      } else {
        expected = 5;
      }

      // then
      assertThat(TokenCounter.count(text)).as("U+%04X", (int) c).isEqualTo(expected);
    }
  }
}
