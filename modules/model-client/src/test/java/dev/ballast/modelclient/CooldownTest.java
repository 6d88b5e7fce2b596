package dev.ballast.modelclient;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ballast.schemas.ReasonCode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class CooldownTest {

  private static final Endpoint E = new Endpoint(Provider.BEDROCK, "m", "us-east-1", null);
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  private static Failure throttled(Duration hint) {
    return new Failure(
        FailureClass.THROTTLED,
        ReasonCode.THROTTLED,
        "slow down",
        "ThrottlingException",
        429,
        hint);
  }

  @Test
  void shouldRefuseCallsUntilTheHintedTimeWhenAThrottleCarriedAHint() {
    // given
    Cooldown atStart = new Cooldown(E, Clock.fixed(T0, ZoneOffset.UTC));
    atStart.observe(throttled(Duration.ofSeconds(30)));

    // when
    Failure refused = atStart.refusal();

    // then
    assertThat(refused.reasonCode()).isEqualTo(ReasonCode.COOLING_DOWN);
    assertThat(refused.failureClass()).isEqualTo(FailureClass.THROTTLED);
    assertThat(refused.retryAfter()).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void shouldCallAgainWhenTheHintedTimeHasPassedOrThereWasNoHint() {
    // given
    Instant[] now = {T0};
    Clock clock =
        new Clock() {
          @Override
          public ZoneOffset getZone() {
            return ZoneOffset.UTC;
          }

          @Override
          public Clock withZone(java.time.ZoneId zone) {
            return this;
          }

          @Override
          public Instant instant() {
            return now[0];
          }
        };
    Cooldown cooldown = new Cooldown(E, clock);
    cooldown.observe(throttled(null));
    assertThat(cooldown.refusal()).isNull();
    cooldown.observe(throttled(Duration.ofSeconds(5)));

    // when
    now[0] = T0.plusSeconds(5);

    // then
    assertThat(cooldown.refusal()).isNull();
  }
}
