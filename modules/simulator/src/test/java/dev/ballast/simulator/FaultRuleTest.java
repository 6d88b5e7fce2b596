package dev.ballast.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class FaultRuleTest {

  private static final String MODEL = "anthropic.claude-3-haiku-20240307-v1:0";

  @Test
  void shouldMatchOnlyTheIdWhenBuiltForOneRequest() {
    // given
    FaultRule rule = FaultRule.forRequest("r-1").error(ErrorType.THROTTLING);

    // then
    assertThat(rule.matches("r-1", 1, "us-east-1", MODEL)).isTrue();
    assertThat(rule.matches("r-10", 1, "us-east-1", MODEL)).isFalse();
    assertThat(rule.matches(null, 1, "us-east-1", MODEL)).isFalse();
  }

  @Test
  void shouldMatchByPrefixAndRegexWhenBuiltSo() {
    // given
    FaultRule prefix = FaultRule.forRequestPrefix("slow-").delay(Duration.ofSeconds(1));
    FaultRule regex = FaultRule.forRequestRegex("x-\\d+").delay(Duration.ofSeconds(1));

    // then
    assertThat(prefix.matches("slow-7", 1, "r", MODEL)).isTrue();
    assertThat(prefix.matches("fast-7", 1, "r", MODEL)).isFalse();
    assertThat(regex.matches("x-12", 1, "r", MODEL)).isTrue();
    assertThat(regex.matches("x-12a", 1, "r", MODEL)).isFalse();
  }

  @Test
  void shouldRestrictToAttemptsRegionAndModelWhenGiven() {
    // given
    FaultRule rule =
        FaultRule.any()
            .onAttempts(1, 2)
            .inRegion("us-east-1")
            .forModel("haiku")
            .error(ErrorType.THROTTLING);

    // then
    assertThat(rule.matches("a", 2, "us-east-1", MODEL)).isTrue();
    assertThat(rule.matches("a", 3, "us-east-1", MODEL)).isFalse();
    assertThat(rule.matches("a", 1, "us-west-2", MODEL)).isFalse();
    assertThat(rule.matches("a", 1, "us-east-1", "amazon.nova-lite-v1:0")).isFalse();
    assertThat(rule.matches(null, 1, "us-east-1", MODEL)).isTrue();
  }

  @Test
  void shouldBeAnImmutableValueWhenBuiltFluently() {
    // given
    FaultRule base = FaultRule.forRequest("r-1");

    // when
    FaultRule throttling = base.error(ErrorType.THROTTLING);

    // then
    assertThat(base.error()).isEmpty();
    assertThat(throttling).isEqualTo(FaultRule.forRequest("r-1").error(ErrorType.THROTTLING));
    assertThat(throttling.toString()).contains("r-1").contains("THROTTLING");
  }

  @Test
  void shouldExplainWhatIsMissingWhenInvalid() {
    // then
    assertThatThrownBy(() -> FaultRule.any().validate()).hasMessageContaining("no action");
    assertThatThrownBy(
            () -> FaultRule.any().retryAfter(Duration.ofSeconds(1)).delay(Duration.ZERO).validate())
        .hasMessageContaining("no error");
    assertThatThrownBy(() -> FaultRule.any().onAttempts(0)).hasMessageContaining("1-based");
    assertThatThrownBy(() -> FaultRule.any().times(0)).hasMessageContaining("times");
    assertThatThrownBy(() -> FaultRule.forRequestRegex("(")).hasMessageContaining("regex");
  }

  @Test
  void shouldSelectByStructureAndPromptMarkerWhenGiven() {
    // given
    FaultRule structured = FaultRule.any().whenStructured(true).error(ErrorType.MODEL_ERROR);
    FaultRule marked = FaultRule.any().whenPromptContains("[[x]]").error(ErrorType.MODEL_ERROR);

    // then
    assertThat(structured.matches("a", 1, "r", MODEL, true, null)).isTrue();
    assertThat(structured.matches("a", 1, "r", MODEL, false, null)).isFalse();
    assertThat(structured.matches("a", 1, "r", MODEL)).isFalse();
    assertThat(marked.matches("a", 1, "r", MODEL, false, "say [[x]] now")).isTrue();
    assertThat(marked.matches("a", 1, "r", MODEL, false, "say x now")).isFalse();
    assertThat(marked.matches("a", 1, "r", MODEL, false, null)).isFalse();
    assertThat(marked.readsPrompt()).isTrue();
    assertThat(marked.toString()).doesNotContain("[[x]]");
  }

  @Test
  void shouldRefuseContradictoryAnswerChangesWhenValidated() {
    // then
    assertThatThrownBy(
            () ->
                FaultRule.any()
                    .error(ErrorType.THROTTLING)
                    .stopReason(StopReason.CONTENT_FILTERED)
                    .validate())
        .hasMessageContaining("choose one");
    assertThatThrownBy(
            () ->
                FaultRule.any()
                    .stopReason(StopReason.CONTENT_FILTERED)
                    .emptyAnswer(EmptyAnswer.EMPTY_CONTENT)
                    .validate())
        .hasMessageContaining("more than one");
    assertThatThrownBy(
            () ->
                FaultRule.any()
                    .error(ErrorType.THROTTLING)
                    .hints(RateLimitHint.RETRY_AFTER_MS)
                    .validate())
        .hasMessageContaining("no retryAfter");
    assertThatThrownBy(() -> FaultRule.any().header("x", "1").delay(Duration.ZERO).validate())
        .hasMessageContaining("no error");
    assertThatThrownBy(() -> FaultRule.any().outputTokens(0)).hasMessageContaining("outputTokens");
  }

  @Test
  void shouldRenderEachHintFormWhenGivenAWait() {
    // given
    java.time.Instant now = java.time.Instant.parse("2026-11-30T18:00:00Z");

    // then
    assertThat(RateLimitHint.RETRY_AFTER.render(Duration.ofMillis(1001), now)).isEqualTo("2");
    assertThat(RateLimitHint.RETRY_AFTER_DECIMAL.render(Duration.ofMillis(1250), now))
        .isEqualTo("1.25");
    assertThat(RateLimitHint.RETRY_AFTER_DECIMAL.render(Duration.ofSeconds(3), now)).isEqualTo("3");
    assertThat(RateLimitHint.RETRY_AFTER_DATE.render(Duration.ofSeconds(3), now))
        .isEqualTo("Mon, 30 Nov 2026 18:00:03 GMT");
    assertThat(RateLimitHint.OPENAI_RESET_TOKENS.render(Duration.ofMillis(6), now))
        .isEqualTo("6ms");
    assertThat(RateLimitHint.OPENAI_RESET_TOKENS.render(Duration.ofMillis(123_500), now))
        .isEqualTo("2m3.5s");
    assertThat(RateLimitHint.OPENAI_RESET_TOKENS.render(Duration.ofHours(3), now))
        .isEqualTo("3h0m0s");
    assertThat(RateLimitHint.ANTHROPIC_TOKENS_RESET.render(Duration.ofSeconds(5), now))
        .isEqualTo("2026-11-30T18:00:05Z");
    assertThat(RateLimitHint.parse("x-ratelimit-reset-requests"))
        .isEqualTo(RateLimitHint.OPENAI_RESET_REQUESTS);
    assertThatThrownBy(() -> RateLimitHint.parse("retry-later"))
        .hasMessageContaining("retry-after-ms");
  }
}
