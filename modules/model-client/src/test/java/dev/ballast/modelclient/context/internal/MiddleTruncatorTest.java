package dev.ballast.modelclient.context.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ballast.modelclient.context.TokenEstimator;
import org.junit.jupiter.api.Test;

class MiddleTruncatorTest {

  private final TokenEstimator estimator = TokenEstimator.standard();

  private String cut(String text, int target, int minKeep) {
    return MiddleTruncator.truncate(
        text, estimator.estimate(text), target, minKeep, estimator::estimate);
  }

  @Test
  void shouldKeepTextWhenItFits() {
    // given
    String text = "short text";

    // when / then
    assertThat(cut(text, 100, 10)).isSameAs(text);
  }

  @Test
  void shouldKeepHeadAndTailAroundMarkerWhenTextIsTooLong() {
    // given
    String text = "HEAD " + "word ".repeat(1_000) + "TAIL";

    // when
    String result = cut(text, 200, 32);

    // then
    assertThat(estimator.estimate(result)).isLessThanOrEqualTo(200).isGreaterThan(150);
    assertThat(result).startsWith("HEAD word").endsWith("word TAIL");
    assertThat(result).containsPattern("\n\\[… [0-9,]+ tokens omitted …]\n");
  }

  @Test
  void shouldCutOnWhitespaceWhenThereIsSome() {
    // given
    String text = "alpha beta gamma delta ".repeat(400);

    // when
    String result = cut(text, 100, 32);

    // then
    String head = result.substring(0, result.indexOf("\n[…"));
    String tail = result.substring(result.indexOf("…]\n") + 3);
    assertThat(head.split(" ")).allMatch(w -> w.matches("alpha|beta|gamma|delta"));
    assertThat(tail.strip().split(" ")).allMatch(w -> w.matches("alpha|beta|gamma|delta"));
  }

  @Test
  void shouldNotSplitSurrogatePairsWhenTextHasNoWhitespace() {
    // given
    String text = "😀".repeat(3_000);

    // when
    String result = cut(text, 300, 32);

    // then
    assertThat(result).isNotNull();
    assertThat(result.codePoints()).noneMatch(cp -> Character.getType(cp) == Character.SURROGATE);
    assertThat(estimator.estimate(result)).isLessThanOrEqualTo(300);
  }

  @Test
  void shouldGiveNothingWhenTooLittleWouldBeKept() {
    // given
    String text = "word ".repeat(1_000);

    // when / then
    assertThat(cut(text, 40, 32)).isNull();
  }

  @Test
  void shouldFormatOmittedTokensWithGroupingWhenMarkerIsMade() {
    // when / then
    assertThat(MiddleTruncator.marker(1234)).isEqualTo("\n[… 1,234 tokens omitted …]\n");
  }
}
