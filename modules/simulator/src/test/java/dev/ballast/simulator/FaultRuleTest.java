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
}
