package dev.ballast.modelclient.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ballast.modelclient.Admission;
import dev.ballast.modelclient.Backoff;
import dev.ballast.modelclient.Endpoint;
import dev.ballast.modelclient.EndpointCaller;
import dev.ballast.modelclient.Failure;
import dev.ballast.modelclient.FailureClass;
import dev.ballast.modelclient.ModelCallException;
import dev.ballast.modelclient.ModelClient;
import dev.ballast.modelclient.ModelRequest;
import dev.ballast.modelclient.ModelResponse;
import dev.ballast.modelclient.Provider;
import dev.ballast.modelclient.ResiliencePolicy;
import dev.ballast.schemas.ReasonCode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ChainChoiceTest {

  private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
  private final Clock clock = Clock.fixed(Instant.parse("2026-12-01T00:00:00Z"), ZoneOffset.UTC);

  @AfterEach
  void stop() {
    scheduler.shutdownNow();
  }

  /** Draws always {@code value} from nextDouble. */
  private static RandomGenerator draws(double value) {
    return new RandomGenerator() {
      @Override
      public long nextLong() {
        return 0;
      }

      @Override
      public double nextDouble() {
        return value;
      }
    };
  }

  /** A caller whose every call ends in {@code failure} (null: answers). */
  private EndpointCaller caller(String region, Failure failure) {
    Endpoint e = new Endpoint(Provider.BEDROCK, "m", region, null);
    ModelClient client =
        new ModelClient() {
          @Override
          public Endpoint endpoint() {
            return e;
          }

          @Override
          public CompletableFuture<ModelResponse> converse(ModelRequest request) {
            return failure == null
                ? CompletableFuture.completedFuture(
                    new ModelResponse(e, "hi", null, "end_turn", 3, 2, Duration.ZERO, "rid"))
                : CompletableFuture.failedFuture(new ModelCallException(e, 1, failure, null));
          }

          @Override
          public void close() {}
        };
    ResiliencePolicy policy =
        new ResiliencePolicy(
            Duration.ofSeconds(5),
            Duration.ofMillis(10),
            1,
            new Backoff(Duration.ofMillis(1), Duration.ofMillis(2)),
            50,
            100,
            Duration.ofSeconds(10),
            Duration.ofSeconds(5),
            1);
    return new EndpointCaller(
        client, policy, Duration.ofSeconds(30), scheduler, clock, (x, from, to, at) -> {});
  }

  private static Failure throttle(Duration hint) {
    return new Failure(
        FailureClass.THROTTLED,
        ReasonCode.THROTTLED,
        "slow down",
        "ThrottlingException",
        429,
        hint);
  }

  private static void calls(EndpointCaller caller, int n) throws Exception {
    for (int i = 0; i < n; i++) {
      caller.call(ModelRequest.of("r" + i, "hello")).get(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void shouldStayOnAHealthyEndpoint() throws Exception {
    // given
    List<EndpointCaller> chain = List.of(caller("a", null), caller("b", null));
    calls(chain.get(0), 10);

    // when: the draw would spill any share at all
    ChainChoice.Choice c = ChainChoice.pick(chain, 0, Admission.Lane.ONLINE, draws(0.0));

    // then
    assertThat(c).isEqualTo(new ChainChoice.Choice(0, null));
  }

  @Test
  void shouldSkipAnEndpointThatIsCoolingDownWhenALaterOneHasRoom() throws Exception {
    // given: the primary asked for a minute's wait
    List<EndpointCaller> chain =
        List.of(caller("a", throttle(Duration.ofMinutes(1))), caller("b", null));
    calls(chain.get(0), 1);

    // when
    ChainChoice.Choice c = ChainChoice.pick(chain, 0, Admission.Lane.BATCH, draws(0.99));

    // then
    assertThat(c).isEqualTo(new ChainChoice.Choice(1, "SKIPPED: the primary is cooling down"));
    assertThat(ChainChoice.roomAfter(chain, 0, Admission.Lane.ONLINE)).isEqualTo(1);
  }

  @Test
  void shouldSpillTheShareThatFollowsTheTroubleRate() throws Exception {
    // given: the primary throttled every call, no hint: rate 1, spill share 0.9
    List<EndpointCaller> chain = List.of(caller("a", throttle(null)), caller("b", null));
    calls(chain.get(0), 10);

    // when
    ChainChoice.Choice within = ChainChoice.pick(chain, 0, Admission.Lane.ONLINE, draws(0.89));
    ChainChoice.Choice beyond = ChainChoice.pick(chain, 0, Admission.Lane.ONLINE, draws(0.9));
    ChainChoice.Choice batch = ChainChoice.pick(chain, 0, Admission.Lane.BATCH, draws(0.0));

    // then: 10 % keeps going to the primary, and the batch lane stays in order
    assertThat(within.chainIndex()).isEqualTo(1);
    assertThat(within.why())
        .isEqualTo("SHARE: the primary throttled or failing on 100 % of its recent calls");
    assertThat(beyond).isEqualTo(new ChainChoice.Choice(0, null));
    assertThat(batch).isEqualTo(new ChainChoice.Choice(0, null));
  }

  @Test
  void shouldStayWhenNoLaterEndpointHasRoom() throws Exception {
    // given: both endpoints cooling down
    List<EndpointCaller> chain =
        List.of(
            caller("a", throttle(Duration.ofMinutes(1))),
            caller("b", throttle(Duration.ofMinutes(1))));
    calls(chain.get(0), 1);
    calls(chain.get(1), 1);

    // then
    assertThat(ChainChoice.pick(chain, 0, Admission.Lane.ONLINE, draws(0.0)))
        .isEqualTo(new ChainChoice.Choice(0, null));
    assertThat(ChainChoice.roomAfter(chain, 0, Admission.Lane.ONLINE)).isEqualTo(-1);
  }

  @Test
  void shouldNotCountAFewCallsAsATrend() throws Exception {
    // given: four throttles, below the weight the rate needs
    List<EndpointCaller> chain = List.of(caller("a", throttle(null)), caller("b", null));
    calls(chain.get(0), 4);

    // then
    assertThat(chain.get(0).troubleRate()).isZero();
    assertThat(ChainChoice.pick(chain, 0, Admission.Lane.ONLINE, draws(0.0)).chainIndex()).isZero();
  }
}
