package dev.ballast.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ballast.modelclient.Credentials;
import dev.ballast.modelclient.Endpoint;
import dev.ballast.modelclient.Provider;
import dev.ballast.modelclient.context.ContextPolicy;
import dev.ballast.schemas.Degradation;
import dev.ballast.schemas.InferenceConfig;
import dev.ballast.schemas.InferenceRequest;
import dev.ballast.schemas.InferenceResult;
import dev.ballast.schemas.Message;
import dev.ballast.schemas.Role;
import dev.ballast.schemas.Status;
import dev.ballast.simulator.ErrorType;
import dev.ballast.simulator.FaultRule;
import dev.ballast.simulator.Scenario;
import dev.ballast.simulator.Simulator;
import dev.ballast.testkit.KafkaCluster;
import dev.ballast.testkit.KafkaExtension;
import dev.ballast.testkit.SimulatorExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Limits that differ along a route's chain, through the real broker, the real AWS SDK and a
 * simulator whose models enforce their own context window and output limit: a request goes to the
 * endpoint that can take it instead of failing, and what was fitted is said in the result.
 */
@ExtendWith({KafkaExtension.class, SimulatorExtension.class})
class ChainLimitsIT {

  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final String SMALL = "small-model";
  private static final String LARGE = "large-model";
  private static final int SMALL_WINDOW = 2_000;
  private static final int SMALL_OUTPUT = 1_024;

  private PipelineFixture fixture(KafkaCluster kafka, Simulator sim, Path state, String... chain) {
    sim.setScenario(
        Scenario.defaults()
            .withModels(
                dev.ballast.simulator.ModelConfig.defaultsFor(SMALL)
                    .withContextWindow(SMALL_WINDOW)
                    .withMaxOutputTokens(SMALL_OUTPUT),
                dev.ballast.simulator.ModelConfig.defaultsFor(LARGE)
                    .withContextWindow(200_000)
                    .withMaxOutputTokens(8_192)));
    return new PipelineFixture(
        kafka,
        sim,
        state,
        b ->
            b.route(
                    new RouteConfig(
                            "default", List.of(chain).stream().map(m -> endpoint(sim, m)).toList())
                        .withContext(ContextPolicy.FAIL))
                .model(new ModelConfig(SMALL, SMALL_WINDOW, SMALL_OUTPUT))
                .model(new ModelConfig(LARGE, 200_000, 8_192)));
  }

  private static EndpointConfig endpoint(Simulator sim, String model) {
    return new EndpointConfig(
        new Endpoint(Provider.BEDROCK, model, "us-east-1", sim.uri()), Credentials.NONE);
  }

  @Test
  void shouldServeOnTheNextEndpointWhoseWindowFitsWhenTheFirstCannotTakeTheInput(
      KafkaCluster kafka, Simulator sim, @TempDir Path state) {
    try (PipelineFixture f = fixture(kafka, sim, state, SMALL, LARGE).start()) {
      // given: one turn of about 6,000 tokens, three times the small model's window
      InferenceRequest big =
          InferenceRequest.newBuilder(PipelineFixture.request("big-1"))
              .setMessages(
                  List.of(
                      new Message(
                          Role.USER,
                          "Summarize the delivery log: "
                              + "parcel 1142 left the depot at nine and arrived late. "
                                  .repeat(500))))
              .build();

      // when
      f.submit(big);
      InferenceResult r = f.awaitResults(List.of("big-1"), WAIT).get("big-1");

      // then: answered by the large model, whole; the small one was never called
      assertThat(r.getStatus()).isEqualTo(Status.DEGRADED);
      assertThat(r.getDegradations()).containsExactly(Degradation.FALLBACK_MODEL);
      assertThat(r.getServedBy().getModel()).isEqualTo(LARGE);
      assertThat(r.getServedBy().getRouting())
          .startsWith("FALLBACK: CONTEXT_OVERFLOW on the primary");
      assertThat(r.getUsage().getInputTokens()).isGreaterThan(SMALL_WINDOW);
      assertThat(sim.stats().endpoint("us-east-1", SMALL).requests()).isZero();
      assertThat(sim.stats().endpoint("us-east-1", LARGE).requests()).isEqualTo(1);
    }
  }

  @Test
  void shouldFitTheOutputLimitToTheFallbackModelAndSaySoWhenTheRequestAsksForMore(
      KafkaCluster kafka, Simulator sim, @TempDir Path state) {
    try (PipelineFixture f = fixture(kafka, sim, state, LARGE, SMALL).start()) {
      // given: the large model refuses this account; the request asks for 4,000 output tokens
      sim.inject(FaultRule.any().forModel(LARGE).error(ErrorType.ACCESS_DENIED));
      InferenceRequest wide =
          InferenceRequest.newBuilder(PipelineFixture.request("wide-1"))
              .setInference(InferenceConfig.newBuilder().setMaxTokens(4_000).build())
              .build();

      // when
      f.submit(wide);
      InferenceResult r = f.awaitResults(List.of("wide-1"), WAIT).get("wide-1");

      // then: the small model got a maxTokens it takes (it refuses more), and the result says so
      assertThat(r.getStatus()).isEqualTo(Status.DEGRADED);
      assertThat(r.getDegradations())
          .containsExactlyInAnyOrder(Degradation.FALLBACK_MODEL, Degradation.OUTPUT_LIMITED);
      assertThat(r.getServedBy().getModel()).isEqualTo(SMALL);
      assertThat(sim.stats().endpoint("us-east-1", SMALL).requests()).isEqualTo(1);
      assertThat(sim.stats().endpoint("us-east-1", SMALL).errors(ErrorType.VALIDATION)).isZero();
      assertThat(sim.stats().endpoint("us-east-1", LARGE).requests()).isEqualTo(1);
    }
  }
}
