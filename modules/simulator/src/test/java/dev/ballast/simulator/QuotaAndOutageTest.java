package dev.ballast.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;
import software.amazon.awssdk.services.bedrockruntime.model.ServiceUnavailableException;
import software.amazon.awssdk.services.bedrockruntime.model.ThrottlingException;

class QuotaAndOutageTest {

  private static final MutableClock clock = MutableClock.atEpoch();
  private static Simulator sim;
  private static BedrockRuntimeClient client;

  @BeforeAll
  static void startSimulator() {
    sim = Simulator.builder().scenario(Scenario.defaults()).clock(clock).build().start();
    client = SdkClients.sync(sim.uri());
  }

  @AfterAll
  static void stopSimulator() {
    client.close();
    sim.close();
  }

  @AfterEach
  void restore() {
    sim.setScenario(Scenario.defaults());
    sim.resetStats();
  }

  private static Throwable call(String id) {
    return catchThrowable(() -> client.converse(SdkClients.text(id, "hello there")));
  }

  @Test
  void shouldThrottleWhenRequestsPerMinuteAreUsedUpAndAllowAgainAfterSixtySeconds() {
    // given
    sim.setScenario(
        Scenario.of(RegionConfig.named("us-east-1").withQuotas(Quota.requestsPerMinute(2))));

    // when
    Throwable first = call("q-1");
    Throwable second = call("q-2");
    Throwable third = call("q-3");
    clock.advance(Duration.ofSeconds(59));
    Throwable stillThrottled = call("q-4");
    clock.advance(Duration.ofSeconds(1));
    Throwable afterWindow = call("q-5");

    // then
    assertThat(first).isNull();
    assertThat(second).isNull();
    assertThat(third).isExactlyInstanceOf(ThrottlingException.class);
    assertThat(stillThrottled).isExactlyInstanceOf(ThrottlingException.class);
    assertThat(afterWindow).isNull();
    assertThat(sim.stats().region("us-east-1").errors("ThrottlingException")).isEqualTo(2);
  }

  @Test
  void shouldThrottleWhenTokensPerMinuteWouldBeExceeded() {
    // given: each call uses over 100 tokens (a few input + exactly 100 output)
    sim.setScenario(
        Scenario.of(RegionConfig.named("us-east-1").withQuotas(Quota.tokensPerMinute(150)))
            .withModels(
                ModelConfig.defaultsFor(SdkClients.HAIKU)
                    .withOutputTokens(Distribution.fixed(100))));

    // when
    Throwable first = call("t-1");
    Throwable second = call("t-2");

    // then
    assertThat(first).isNull();
    assertThat(second).isExactlyInstanceOf(ThrottlingException.class);
  }

  @Test
  void shouldKeepSeparateWindowsWhenModelsDiffer() {
    // given
    sim.setScenario(
        Scenario.of(RegionConfig.named("us-east-1").withQuotas(Quota.requestsPerMinute(1))));

    // when
    Throwable haiku = call("w-1");
    Throwable other =
        catchThrowable(
            () ->
                client.converse(
                    SdkClients.text("w-2", "hi").toBuilder().modelId("other.m-v1").build()));

    // then
    assertThat(haiku).isNull();
    assertThat(other).isNull();
  }

  @Test
  void shouldAnswerServiceUnavailableOnlyWhileTheOutageWindowIsActive() {
    // given
    sim.setScenario(
        Scenario.of(
            RegionConfig.named("us-east-1")
                .withOutages(Outage.of(Duration.ofSeconds(10), Duration.ofMinutes(45)))));

    // when
    Throwable before = call("o-1");
    clock.advance(Duration.ofSeconds(10));
    Throwable during = call("o-2");
    clock.advance(Duration.ofMinutes(44));
    Throwable late = call("o-3");
    clock.advance(Duration.ofMinutes(1));
    Throwable after = call("o-4");

    // then
    assertThat(before).isNull();
    assertThat(during).isExactlyInstanceOf(ServiceUnavailableException.class);
    assertThat(late).isExactlyInstanceOf(ServiceUnavailableException.class);
    assertThat(after).isNull();
  }

  @Test
  void shouldSpareOtherModelsWhenTheOutageFiltersByModel() {
    // given
    sim.setScenario(
        Scenario.of(
            RegionConfig.named("us-east-1")
                .withOutages(
                    new Outage(
                        Duration.ZERO,
                        Duration.ofMinutes(5),
                        ErrorType.MODEL_NOT_READY,
                        List.of("anthropic.*")))));

    // when
    Throwable anthropic = call("f-1");
    Throwable other =
        catchThrowable(
            () ->
                client.converse(
                    SdkClients.text("f-2", "hi").toBuilder()
                        .modelId("amazon.nova-lite-v1:0")
                        .build()));

    // then
    assertThat(anthropic)
        .isExactlyInstanceOf(
            software.amazon.awssdk.services.bedrockruntime.model.ModelNotReadyException.class);
    assertThat(other).isNull();
  }

  @Test
  void shouldRepeatTheSameRandomFaultsWhenSeedAndRequestsAreTheSame() {
    // given
    Scenario flaky =
        Scenario.of(RegionConfig.named("us-east-1").withRates(new Rates(0.3, 0.1, 0.1, 0, 0)))
            .withSeed(7);

    // when
    sim.setScenario(flaky);
    List<String> firstRun = outcomes(40);
    sim.setScenario(flaky);
    sim.resetStats();
    List<String> secondRun = outcomes(40);

    // then
    assertThat(secondRun).isEqualTo(firstRun);
    assertThat(firstRun).contains("ok", "ThrottlingException");
  }

  @Test
  void shouldThrottleEveryCallWhenTheThrottleRateIsOne() {
    // given
    sim.setScenario(
        Scenario.of(RegionConfig.named("us-east-1").withRates(new Rates(1, 0, 0, 0, 0))));

    // when
    List<String> results = outcomes(5);

    // then
    assertThat(results).containsOnly("ThrottlingException");
  }

  private static List<String> outcomes(int n) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Throwable t = call("rand-" + i);
      out.add(t == null ? "ok" : t.getClass().getSimpleName());
    }
    return out;
  }

  @Test
  void shouldStateTheWaitUntilTheWindowHasRoomWhenTheScenarioGivesQuotaHints() {
    // given
    sim.setScenario(
        Scenarios.parse(
            """
            regions:
              - name: us-east-1
                quotas: [{requestsPerMinute: 1}]
                quotaHints: [retry-after, x-ratelimit-reset-requests]
            """));
    client.converse(SdkClients.text("qh-1", "hi"));
    clock.advance(Duration.ofSeconds(15));

    // when
    Throwable thrown = catchThrowable(() -> client.converse(SdkClients.text("qh-2", "hi")));

    // then
    assertThat(thrown).isExactlyInstanceOf(ThrottlingException.class);
    var http = ((ThrottlingException) thrown).awsErrorDetails().sdkHttpResponse();
    assertThat(http.firstMatchingHeader("Retry-After")).contains("45");
    assertThat(http.firstMatchingHeader("x-ratelimit-reset-requests")).contains("45s");
    assertThat(http.firstMatchingHeader("x-ratelimit-remaining-requests")).contains("0");
  }

  @Test
  void shouldSendNoHintWhenTheScenarioGivesNoQuotaHints() {
    // given
    sim.setScenario(
        Scenarios.parse("regions: [{name: us-east-1, quotas: [{requestsPerMinute: 1}]}]"));
    client.converse(SdkClients.text("qn-1", "hi"));

    // when
    Throwable thrown = catchThrowable(() -> client.converse(SdkClients.text("qn-2", "hi")));

    // then
    assertThat(
            ((ThrottlingException) thrown)
                .awsErrorDetails()
                .sdkHttpResponse()
                .firstMatchingHeader("Retry-After"))
        .isEmpty();
  }
}
