package dev.ballast.modelclient.exchange;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ballast.modelclient.Admission;
import dev.ballast.modelclient.Backoff;
import dev.ballast.modelclient.BreakerListener;
import dev.ballast.modelclient.CallOutcome;
import dev.ballast.modelclient.Endpoint;
import dev.ballast.modelclient.EndpointCaller;
import dev.ballast.modelclient.LaneTiers;
import dev.ballast.modelclient.ModelClient;
import dev.ballast.modelclient.ModelRequest;
import dev.ballast.modelclient.ModelResponse;
import dev.ballast.modelclient.Provider;
import dev.ballast.modelclient.ResiliencePolicy;
import dev.ballast.modelclient.context.ContextPolicy;
import dev.ballast.modelclient.context.ModelLimits;
import dev.ballast.modelclient.recovery.CallBudget;
import dev.ballast.modelclient.recovery.RecoveryPlan;
import dev.ballast.schemas.ReasonCode;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ExchangesTest {

  private static final Endpoint ENDPOINT = new Endpoint(Provider.BEDROCK, "m", "us-east-1", null);

  private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();

  @AfterEach
  void stop() {
    scheduler.shutdownNow();
  }

  private static final class Counting implements ModelClient {
    final List<ModelRequest> sent = new CopyOnWriteArrayList<>();

    @Override
    public Endpoint endpoint() {
      return ENDPOINT;
    }

    @Override
    public CompletableFuture<ModelResponse> converse(ModelRequest request) {
      sent.add(request);
      return CompletableFuture.completedFuture(
          new ModelResponse(ENDPOINT, "hi", null, "end_turn", 3, 2, Duration.ofMillis(1), "rid"));
    }

    @Override
    public void close() {}
  }

  private Exchanges exchanges(Duration stageTimeout) {
    RecoveryPlan plan =
        new RecoveryPlan(
            new RecoveryPlan.Settings(
                new Backoff(Duration.ofMillis(10), Duration.ofMillis(20)),
                3,
                Duration.ofMinutes(2),
                true,
                true,
                2,
                8),
            new Random(1));
    return new Exchanges(
        ExchangeTools.of(new ModelLimits(200_000, 4_096), Map.of(), 0.1),
        plan,
        new ExchangeListener() {},
        Clock.systemUTC(),
        stageTimeout);
  }

  private EndpointCaller caller(Counting client) {
    return new EndpointCaller(
        client,
        ResiliencePolicy.DEFAULTS,
        Duration.ofSeconds(30),
        scheduler,
        Clock.systemUTC(),
        BreakerListener.NONE);
  }

  @Test
  void shouldSendNothingAndSaySoWhenTheExchangeHasNoTimeLeft() throws Exception {
    // given: an exchange whose one deadline has already passed
    Counting client = new Counting();

    // when
    ExchangeResult result =
        exchanges(Duration.ZERO)
            .run(
                ModelRequest.of("r", "hello"),
                new ExchangeRoute(ContextPolicy.FAIL, 2, null, LaneTiers.NONE),
                caller(client),
                Admission.Lane.ONLINE,
                CallBudget.unlimited(1),
                false)
            .get(10, TimeUnit.SECONDS);

    // then
    assertThat(client.sent).isEmpty();
    List<CallOutcome> calls = result.report().calls();
    assertThat(calls).hasSize(1);
    assertThat(calls.get(0).sent()).isFalse();
    assertThat(calls.get(0).failure().reasonCode()).isEqualTo(ReasonCode.STAGE_TIMEOUT);
  }

  @Test
  void shouldCallOnceWhenTheExchangeHasTime() throws Exception {
    // given
    Counting client = new Counting();

    // when
    ExchangeResult result =
        exchanges(Duration.ofSeconds(30))
            .run(
                ModelRequest.of("r", "hello"),
                new ExchangeRoute(ContextPolicy.FAIL, 2, null, LaneTiers.NONE),
                caller(client),
                Admission.Lane.ONLINE,
                CallBudget.unlimited(1),
                false)
            .get(10, TimeUnit.SECONDS);

    // then
    assertThat(client.sent).hasSize(1);
    assertThat(result.report().succeeded()).isTrue();
  }
}
