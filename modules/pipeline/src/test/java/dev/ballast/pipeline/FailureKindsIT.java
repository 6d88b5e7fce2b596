package dev.ballast.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ballast.modelclient.Credentials;
import dev.ballast.modelclient.Endpoint;
import dev.ballast.modelclient.Provider;
import dev.ballast.schemas.Attempt;
import dev.ballast.schemas.Degradation;
import dev.ballast.schemas.InferenceConfig;
import dev.ballast.schemas.InferenceRequest;
import dev.ballast.schemas.InferenceResult;
import dev.ballast.schemas.Message;
import dev.ballast.schemas.Outcome;
import dev.ballast.schemas.Role;
import dev.ballast.schemas.Status;
import dev.ballast.simulator.EmptyAnswer;
import dev.ballast.simulator.ErrorType;
import dev.ballast.simulator.FaultRule;
import dev.ballast.simulator.RegionConfig;
import dev.ballast.simulator.Scenario;
import dev.ballast.simulator.Simulator;
import dev.ballast.simulator.StopReason;
import dev.ballast.testkit.KafkaCluster;
import dev.ballast.testkit.KafkaExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The failures users report (issue 9), each through the real broker, the real AWS SDK and a
 * two-region simulator that produces it: the result and what was sent.
 */
@ExtendWith(KafkaExtension.class)
class FailureKindsIT {

  private static final Duration WAIT = Duration.ofSeconds(90);
  private static final String PRIMARY = "us-east-1";
  private static final String SECONDARY = "us-west-2";
  private static final String SCHEMA =
      "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}},"
          + "\"required\":[\"city\"]}";

  private Simulator sim;

  @BeforeEach
  void startSimulator() {
    sim =
        Simulator.start(
            Scenario.of(
                RegionConfig.named(PRIMARY)
                    .withConversationChecks(PipelineFixture.MODEL)
                    .withPerOutputToken(Duration.ofNanos(1_500_000)),
                RegionConfig.named(SECONDARY)));
  }

  @AfterEach
  void stopSimulator() {
    sim.close();
  }

  private PipelineFixture fixture(KafkaCluster kafka, Path state) {
    return new PipelineFixture(
        kafka,
        sim,
        state,
        b -> b.route(new RouteConfig("default", List.of(endpoint(PRIMARY), endpoint(SECONDARY)))));
  }

  /** Calls limited to 1 s plus 2 ms per output token asked for. */
  private PipelineFixture shortCallLimits(KafkaCluster kafka, Path state) {
    return new PipelineFixture(
        kafka,
        sim,
        state,
        b ->
            b.put(ConfigKeys.CALL_TIMEOUT, "1s")
                .put(ConfigKeys.CALL_TIMEOUT_PER_OUTPUT_TOKEN, "2ms")
                .route(
                    new RouteConfig("default", List.of(endpoint(PRIMARY), endpoint(SECONDARY)))));
  }

  /** A request asking for up to 1,000 output tokens, answered with 1,000 by the simulator. */
  private InferenceRequest longAnswer(String id) {
    sim.inject(FaultRule.forRequest(id).outputTokens(1_000));
    return InferenceRequest.newBuilder(PipelineFixture.request(id))
        .setInference(InferenceConfig.newBuilder().setMaxTokens(1_000).build())
        .build();
  }

  @Test
  void shouldServeALongAnswerOnceWhenItsGenerationOutlastsThePlainCallTimeout(
      KafkaCluster kafka, @TempDir Path state) {
    try (PipelineFixture f = shortCallLimits(kafka, state).start()) {
      // given: 1,000 tokens at 1.5 ms each on the primary (1.5 s) against a 1 s call timeout,
      // extended to 1 s + 2 ms x 1,000 = 3 s for a call asking for 1,000 tokens
      InferenceRequest request = longAnswer("long-1");

      // when
      f.submit(request);
      InferenceResult r = f.awaitResults(List.of("long-1"), WAIT).get("long-1");

      // then: answered by the first call, whole, not timed out and paid for again
      assertThat(r.getStatus()).isEqualTo(Status.SUCCEEDED);
      assertThat(r.getUsage().getOutputTokens()).isEqualTo(1_000);
      assertThat(r.getServedBy().getRegion()).isEqualTo(PRIMARY);
      assertThat(sim.stats().callsFor("long-1")).isEqualTo(1);
    }
  }

  @Test
  void shouldSendALongAnswerThatOutlastsItsAllowanceDownTheChainWithoutRetryingIt(
      KafkaCluster kafka, @TempDir Path state) {
    try (PipelineFixture f = shortCallLimits(kafka, state).start()) {
      // given: the primary adds 3 s to the 1.5 s answer, beyond the 3 s limit
      // (the first matching rule applies)
      sim.inject(
          FaultRule.forRequest("long-2")
              .inRegion(PRIMARY)
              .outputTokens(1_000)
              .delay(Duration.ofSeconds(3)));
      InferenceRequest request = longAnswer("long-2");

      // when
      f.submit(request);
      InferenceResult r = f.awaitResults(List.of("long-2"), WAIT).get("long-2");

      // then: one call on the primary (no in-process retry), then the next endpoint, same maxTokens
      assertThat(r.getStatus()).isEqualTo(Status.DEGRADED);
      assertThat(r.getServedBy().getRegion()).isEqualTo(SECONDARY);
      assertThat(r.getUsage().getOutputTokens()).isEqualTo(1_000);
      assertThat(r.getAttempts().get(0).getErrorCode()).isEqualTo("AnswerTimeout");
      assertThat(outcomes(r)).containsExactly(Outcome.REQUEST_ERROR, Outcome.SUCCESS);
      assertThat(sim.stats().endpoint(PRIMARY, PipelineFixture.MODEL).requests()).isEqualTo(1);
      assertThat(sim.stats().callsFor("long-2")).isEqualTo(2);
    }
  }

  private EndpointConfig endpoint(String region) {
    return new EndpointConfig(
        new Endpoint(Provider.BEDROCK, PipelineFixture.MODEL, region, sim.uri(region)),
        Credentials.NONE);
  }

  private static List<Outcome> outcomes(InferenceResult r) {
    return r.getAttempts().stream().map(Attempt::getOutcome).toList();
  }

  private static InferenceRequest longConversation(String id) {
    String document = "The quarterly report lists revenue, costs and staff by region. ".repeat(80);
    return InferenceRequest.newBuilder(PipelineFixture.request(id))
        .setMessages(
            List.of(
                new Message(Role.USER, "Summarize this document: " + document),
                new Message(Role.ASSISTANT, "It reports revenue, costs and staff by region."),
                new Message(Role.USER, "Which region grew fastest?")))
        .build();
  }

  @Test
  void shouldShrinkAndAnswerWhenTheOverflowIsWordedAsAnInputTokenCount(
      KafkaCluster kafka, @TempDir Path state) {
    try (PipelineFixture f = fixture(kafka, state).start()) {
      // given: Bedrock/Mistral/Gemini wording, not one of the two Anthropic ones
      sim.inject(
          FaultRule.forRequest("of-1")
              .onAttempts(1)
              .error(ErrorType.VALIDATION)
              .withMessage(
                  "The input token count (1300) exceeds the maximum number of tokens allowed"
                      + " (800)."));

      // when
      f.submit(longConversation("of-1"));
      InferenceResult r = f.awaitResults(List.of("of-1"), WAIT).get("of-1");

      // then: shrunk and called again on the same endpoint, not failed as a bad request
      assertThat(r.getStatus()).isEqualTo(Status.DEGRADED);
      assertThat(r.getDegradations()).contains(Degradation.TRUNCATED);
      assertThat(outcomes(r)).containsExactly(Outcome.CONTEXT_OVERFLOW, Outcome.SUCCESS);
      assertThat(r.getServedBy().getRegion()).isEqualTo(PRIMARY);
      assertThat(sim.stats().callsFor("of-1")).isEqualTo(2);
    }
  }

  @Test
  void shouldTreatAnEmptyAnswerAsAFailedAttemptWhenTheModelSendsNoContent(
      KafkaCluster kafka, @TempDir Path state) {
    try (PipelineFixture f = fixture(kafka, state).start()) {
      // given
      sim.inject(
          FaultRule.forRequest("empty-1").inRegion(PRIMARY).emptyAnswer(EmptyAnswer.EMPTY_CONTENT));

      // when
      f.submit(PipelineFixture.request("empty-1"));
      InferenceResult r = f.awaitResults(List.of("empty-1"), WAIT).get("empty-1");

      // then: never SUCCEEDED with nothing; the next endpoint answered
      assertThat(r.getStatus()).isEqualTo(Status.DEGRADED);
      assertThat(r.getText()).isNotBlank();
      assertThat(outcomes(r)).containsExactly(Outcome.REQUEST_ERROR, Outcome.SUCCESS);
      assertThat(r.getServedBy().getRegion()).isEqualTo(SECONDARY);
      assertThat(sim.stats().callsFor("empty-1")).isEqualTo(2);
    }
  }

  @Test
  void shouldFailWithItsOwnReasonWhenTheContentFilterStopsTheAnswer(
      KafkaCluster kafka, @TempDir Path state) {
    try (PipelineFixture f = fixture(kafka, state).start()) {
      // given
      sim.inject(FaultRule.forRequest("cf-1").stopReason(StopReason.CONTENT_FILTERED));
      sim.inject(FaultRule.forRequest("cf-2").stopReason(StopReason.GUARDRAIL_INTERVENED));

      // when
      f.submit(PipelineFixture.request("cf-1"));
      f.submit(PipelineFixture.request("cf-2"));
      Map<String, InferenceResult> r = f.awaitResults(List.of("cf-1", "cf-2"), WAIT);

      // then
      for (String id : List.of("cf-1", "cf-2")) {
        assertThat(r.get(id).getStatus()).isEqualTo(Status.FAILED);
        assertThat(r.get(id).getError().getCode()).isEqualTo("CONTENT_FILTERED");
        assertThat(sim.stats().callsFor(id)).isEqualTo(1);
      }
    }
  }

  @Test
  void shouldFailFastAsOutputTruncatedWhenAStructuredAnswerIsCutAtMaxTokens(
      KafkaCluster kafka, @TempDir Path state) {
    try (PipelineFixture f = fixture(kafka, state).start()) {
      // given
      sim.inject(FaultRule.forRequest("cut-1").stopReason(StopReason.MAX_TOKENS));

      // when
      f.submit(
          InferenceRequest.newBuilder(PipelineFixture.request("cut-1"))
              .setResponseSchema(SCHEMA)
              .build());
      InferenceResult r = f.awaitResults(List.of("cut-1"), WAIT).get("cut-1");

      // then: one call, not three re-asks with the same budget ending as INVALID_OUTPUT
      assertThat(r.getStatus()).isEqualTo(Status.FAILED);
      assertThat(r.getError().getCode()).isEqualTo("OUTPUT_TRUNCATED");
      assertThat(sim.stats().callsFor("cut-1")).isEqualTo(1);
    }
  }

  @Test
  void shouldSendAShapeBedrockAcceptsOrRejectAtIntakeWhenTheConversationIsOdd(
      KafkaCluster kafka, @TempDir Path state) {
    try (PipelineFixture f = fixture(kafka, state).start()) {
      // given: two user turns in a row (fixable), and an assistant turn first (not)
      InferenceRequest twoUsers =
          InferenceRequest.newBuilder(PipelineFixture.request("shape-1"))
              .setMessages(
                  List.of(
                      new Message(Role.USER, "Here is some context."),
                      new Message(Role.USER, "What is the capital of France?")))
              .build();
      InferenceRequest assistantFirst =
          InferenceRequest.newBuilder(PipelineFixture.request("shape-2"))
              .setMessages(
                  List.of(
                      new Message(Role.ASSISTANT, "Hello, how can I help?"),
                      new Message(Role.USER, "What is the capital of France?")))
              .build();

      // when
      f.submit(twoUsers);
      f.submit(assistantFirst);
      Map<String, InferenceResult> r = f.awaitResults(List.of("shape-1", "shape-2"), WAIT);

      // then: the primary, which checks shapes as Bedrock does, answered the first in one call;
      // the second never cost a call
      assertThat(r.get("shape-1").getStatus()).isEqualTo(Status.SUCCEEDED);
      assertThat(r.get("shape-1").getServedBy().getRegion()).isEqualTo(PRIMARY);
      assertThat(sim.stats().callsFor("shape-1")).isEqualTo(1);
      assertThat(r.get("shape-2").getStatus()).isEqualTo(Status.FAILED);
      assertThat(r.get("shape-2").getError().getCode()).isEqualTo("INVALID_REQUEST");
      assertThat(r.get("shape-2").getError().getMessage())
          .startsWith("messages[0] is an assistant");
      assertThat(sim.stats().callsFor("shape-2")).isZero();
    }
  }
}
