package dev.ballast.simulator.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ModelPatternsTest {

  private static final String HAIKU = "anthropic.claude-3-haiku-20240307-v1:0";

  @Test
  void shouldMatchGeoPrefixedProfilesWhenThePatternIsTheBaseId() {
    // then
    assertThat(ModelPatterns.matches(HAIKU, HAIKU)).isTrue();
    assertThat(ModelPatterns.matches(HAIKU, "us." + HAIKU)).isTrue();
    assertThat(ModelPatterns.matches(HAIKU, "global." + HAIKU)).isTrue();
    assertThat(ModelPatterns.matches(HAIKU, "xx." + HAIKU)).isFalse();
  }

  @Test
  void shouldMatchGlobsWhenThePatternHasAStar() {
    // then
    assertThat(ModelPatterns.matches("*", "anything")).isTrue();
    assertThat(ModelPatterns.matches("anthropic.*", HAIKU)).isTrue();
    assertThat(ModelPatterns.matches("anthropic.*", "eu." + HAIKU)).isTrue();
    assertThat(ModelPatterns.matches("amazon.*", HAIKU)).isFalse();
    assertThat(ModelPatterns.matches("*haiku*", HAIKU)).isTrue();
  }
}
