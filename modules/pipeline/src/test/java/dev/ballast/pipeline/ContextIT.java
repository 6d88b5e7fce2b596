package dev.ballast.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ballast.client.JsonCodec;
import dev.ballast.modelclient.Credentials;
import dev.ballast.modelclient.Endpoint;
import dev.ballast.modelclient.Provider;
import dev.ballast.modelclient.context.ContextPolicy;
import dev.ballast.schemas.Attempt;
import dev.ballast.schemas.Degradation;
import dev.ballast.schemas.InferenceRequest;
import dev.ballast.schemas.InferenceResult;
import dev.ballast.schemas.Message;
import dev.ballast.schemas.Outcome;
import dev.ballast.schemas.Role;
import dev.ballast.schemas.Status;
import dev.ballast.simulator.FaultRule;
import dev.ballast.simulator.Malformation;
import dev.ballast.simulator.OverflowStyle;
import dev.ballast.simulator.Scenario;
import dev.ballast.simulator.Simulator;
import dev.ballast.testkit.KafkaCluster;
import dev.ballast.testkit.KafkaExtension;
import dev.ballast.testkit.SimulatorExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Over-long input and structured output through the real broker, the real AWS SDK and the simulator
 * enforcing a small context window and answering with (sometimes malformed) tool use.
 */
@ExtendWith({KafkaExtension.class, SimulatorExtension.class})
class ContextIT {

  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final String MODEL = "small-model";
  private static final String SUMMARIZER_MODEL = "summarizer-model";
  private static final int WINDOW = 3_000;
  private static final String SCHEMA =
      "{\"type\":\"object\",\"properties\":{\"sentiment\":{\"type\":\"string\",\"enum\":[\"positive\",\"neutral\",\"negative\"]},"
          + "\"score\":{\"type\":\"integer\",\"minimum\":0,\"maximum\":10}},\"required\":[\"sentiment\",\"score\"]}";

  private PipelineFixture fixture(
      KafkaCluster kafka, Simulator sim, Path state, boolean knowsWindow, ContextPolicy policy) {
    sim.setScenario(
        Scenario.defaults()
            .withModels(
                dev.ballast.simulator.ModelConfig.defaultsFor(MODEL)
                    .withContextWindow(WINDOW)
                    .withMaxOutputTokens(512)
                    .withOverflowMessage(OverflowStyle.ANTHROPIC),
                dev.ballast.simulator.ModelConfig.defaultsFor(SUMMARIZER_MODEL)));
    return new PipelineFixture(
        kafka,
        sim,
        state,
        b -> {
          RouteConfig route = new RouteConfig("default", List.of(endpoint(sim, MODEL)));
          if (policy == ContextPolicy.SUMMARIZE) {
            route = route.summarizingWith("summarizer");
            b.route(new RouteConfig("summarizer", List.of(endpoint(sim, SUMMARIZER_MODEL))));
          } else {
            route = route.withContext(policy);
          }
          b.route(route);
          if (knowsWindow) {
            b.model(new ModelConfig(MODEL, WINDOW, 512));
          }
          return b;
        });
  }

  private static EndpointConfig endpoint(Simulator sim, String model) {
    return new EndpointConfig(
        new Endpoint(Provider.BEDROCK, model, "us-east-1", sim.uri()), Credentials.NONE);
  }

  /** A conversation of {@code turns} turns of about 150 words each, ending with a user turn. */
  private static InferenceRequest longConversation(String id, int turns) {
    List<Message> messages = new ArrayList<>();
    for (int i = 0; i < turns; i++) {
      Role role = i % 2 == 0 ? Role.USER : Role.ASSISTANT;
      messages.add(
          new Message(
              role,
              ("Turn " + i + " talks about the order history and delivery details. ").repeat(15)));
    }
    return InferenceRequest.newBuilder()
        .setId(id)
        .setRoute("default")
        .setMessages(messages)
        .setSubmittedAt(Instant.now())
        .build();
  }

  private static InferenceRequest structured(String id) {
    return InferenceRequest.newBuilder(PipelineFixture.request(id))
        .setMessages(List.of(new Message(Role.USER, "Rate this review: the parcel was late.")))
        .setResponseSchema(SCHEMA)
        .build();
  }

  private static List<Outcome> outcomes(InferenceResult r) {
    return r.getAttempts().stream().map(Attempt::getOutcome).toList();
  }

  @Test
  void shouldTruncateWhenConversationOverflowsAKnownWindow(
      KafkaCluster kafka, Simulator sim, @TempDir Path state) {
    try (PipelineFixture f =
        fixture(kafka, sim, state, true, ContextPolicy.TRUNCATE_MIDDLE).start()) {
      // given: one answer teaches the estimator how this model counts tokens
      f.submit(longConversation("warm-1", 5));
      assertThat(f.awaitResults(List.of("warm-1"), WAIT).get("warm-1").getStatus())
          .isEqualTo(Status.SUCCEEDED);

      // when
      f.submit(longConversation("long-1", 21));
      InferenceResult r = f.awaitResults(List.of("long-1"), WAIT).get("long-1");

      // then: fitted before the call, so the one call succeeds
      assertThat(r.getStatus()).isEqualTo(Status.DEGRADED);
      assertThat(r.getDegradations()).containsExactly(Degradation.TRUNCATED);
      assertThat(outcomes(r)).containsExactly(Outcome.SUCCESS);
      assertThat(r.getUsage().getInputTokens()).isLessThanOrEqualTo(WINDOW);
    }
  }

  @Test
  void shouldSummarizeOlderHistoryWhenTheRouteSummarizes(
      KafkaCluster kafka, Simulator sim, @TempDir Path state) {
    try (PipelineFixture f = fixture(kafka, sim, state, true, ContextPolicy.SUMMARIZE).start()) {
      // when
      f.submit(longConversation("long-2", 21));
      InferenceResult r = f.awaitResults(List.of("long-2"), WAIT).get("long-2");

      // then: one call to the summarizer model, then the answer
      assertThat(r.getStatus()).isEqualTo(Status.DEGRADED);
      assertThat(r.getDegradations()).contains(Degradation.SUMMARIZED);
      assertThat(r.getAttempts())
          .extracting(Attempt::getEndpoint)
          .containsExactly(
              "bedrock/" + SUMMARIZER_MODEL + "@us-east-1", "bedrock/" + MODEL + "@us-east-1");
      assertThat(outcomes(r)).containsExactly(Outcome.SUCCESS, Outcome.SUCCESS);
      assertThat(f.pipeline().metrics().summaries.sum()).isPositive();
    }
  }

  @Test
  void shouldShrinkAndSucceedWhenTheProviderReportsAnOverflow(
      KafkaCluster kafka, Simulator sim, @TempDir Path state) {
    // given: Ballast does not know the model's small window; the provider's error says it
    try (PipelineFixture f =
        fixture(kafka, sim, state, false, ContextPolicy.TRUNCATE_MIDDLE).start()) {
      // when
      f.submit(longConversation("long-3", 21));
      InferenceResult r = f.awaitResults(List.of("long-3"), WAIT).get("long-3");

      // then
      assertThat(r.getStatus()).isEqualTo(Status.DEGRADED);
      assertThat(r.getDegradations()).containsExactly(Degradation.TRUNCATED);
      assertThat(outcomes(r)).containsExactly(Outcome.CONTEXT_OVERFLOW, Outcome.SUCCESS);
      assertThat(r.getAttempts().get(0).getErrorCode()).isEqualTo("ValidationException");
    }
  }

  @Test
  void shouldFailSayingTheSizesWhenEvenTheLastTurnCannotFit(
      KafkaCluster kafka, Simulator sim, @TempDir Path state) {
    try (PipelineFixture f = fixture(kafka, sim, state, true, ContextPolicy.FAIL).start()) {
      // when
      f.submit(longConversation("long-4", 21));
      InferenceResult r = f.awaitResults(List.of("long-4"), WAIT).get("long-4");

      // then: no model call is made
      assertThat(r.getStatus()).isEqualTo(Status.FAILED);
      assertThat(r.getError().getCode()).isEqualTo("CONTEXT_OVERFLOW");
      assertThat(r.getError().getMessage())
          .contains("input tokens")
          .contains(MODEL + " takes at most");
      assertThat(sim.stats().callsFor("long-4")).isZero();
    }
  }

  @Test
  void shouldReaskAndReturnValidJsonWhenTheFirstAnswerIsMalformed(
      KafkaCluster kafka, Simulator sim, @TempDir Path state) throws Exception {
    try (PipelineFixture f =
        fixture(kafka, sim, state, true, ContextPolicy.TRUNCATE_MIDDLE).start()) {
      // given
      sim.inject(FaultRule.forRequest("json-1").onAttempts(1).malformed(Malformation.WRONG_TYPES));

      // when
      f.submit(structured("json-1"));
      InferenceResult r = f.awaitResults(List.of("json-1"), WAIT).get("json-1");

      // then
      assertThat(r.getStatus()).isEqualTo(Status.DEGRADED);
      assertThat(r.getDegradations()).containsExactly(Degradation.REASKED);
      assertThat(outcomes(r)).containsExactly(Outcome.MALFORMED_OUTPUT, Outcome.SUCCESS);
      JsonNode json = JsonCodec.MAPPER.readTree(r.getJson());
      assertThat(json.get("sentiment").asText()).isIn("positive", "neutral", "negative");
      assertThat(json.get("score").isInt()).isTrue();
      assertThat(r.getUsage().getInputTokens())
          .isEqualTo(
              r.getAttempts().get(0).getInputTokens() + r.getAttempts().get(1).getInputTokens());
    }
  }

  @Test
  void shouldFailWithTheValidatorsErrorsWhenEveryAnswerIsMalformed(
      KafkaCluster kafka, Simulator sim, @TempDir Path state) {
    try (PipelineFixture f =
        fixture(kafka, sim, state, true, ContextPolicy.TRUNCATE_MIDDLE).start()) {
      // given
      sim.inject(FaultRule.forRequest("json-2").malformed(Malformation.MISSING_REQUIRED));

      // when
      f.submit(structured("json-2"));
      InferenceResult r = f.awaitResults(List.of("json-2"), WAIT).get("json-2");

      // then: the answer and two re-asks, then a failure naming what is wrong
      assertThat(r.getStatus()).isEqualTo(Status.FAILED);
      assertThat(r.getError().getCode()).isEqualTo("INVALID_OUTPUT");
      assertThat(r.getError().getMessage())
          .contains("did not match the response schema")
          .contains("required");
      assertThat(outcomes(r))
          .containsExactly(
              Outcome.MALFORMED_OUTPUT, Outcome.MALFORMED_OUTPUT, Outcome.MALFORMED_OUTPUT);
    }
  }

  @Test
  void shouldAcceptJsonInProseAndSaySoWhenTheModelAnswersInText(
      KafkaCluster kafka, Simulator sim, @TempDir Path state) {
    try (PipelineFixture f =
        fixture(kafka, sim, state, true, ContextPolicy.TRUNCATE_MIDDLE).start()) {
      // given
      sim.inject(FaultRule.forRequest("json-3").malformed(Malformation.PROSE_AROUND_JSON));

      // when
      f.submit(structured("json-3"));
      InferenceResult r = f.awaitResults(List.of("json-3"), WAIT).get("json-3");

      // then
      assertThat(r.getStatus()).isEqualTo(Status.DEGRADED);
      assertThat(r.getDegradations()).containsExactly(Degradation.JSON_EXTRACTED);
      assertThat(r.getJson()).startsWith("{");
      assertThat(outcomes(r)).containsExactly(Outcome.SUCCESS);
    }
  }

  @Test
  void shouldRejectAnInvalidSchemaAtIntakeWhenTheRequestIsRead(
      KafkaCluster kafka, Simulator sim, @TempDir Path state) {
    try (PipelineFixture f =
        fixture(kafka, sim, state, true, ContextPolicy.TRUNCATE_MIDDLE).start()) {
      // when
      f.submit(
          InferenceRequest.newBuilder(structured("json-4"))
              .setResponseSchema("{\"type\": \"objekt\"}")
              .build());
      InferenceResult r = f.awaitResults(List.of("json-4"), WAIT).get("json-4");

      // then
      assertThat(r.getStatus()).isEqualTo(Status.FAILED);
      assertThat(r.getError().getCode()).isEqualTo("INVALID_REQUEST");
      assertThat(r.getError().getMessage()).startsWith("responseSchema is not a valid JSON Schema");
      assertThat(sim.stats().callsFor("json-4")).isZero();
    }
  }
}
