package dev.ballast.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseRequest;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseResponse;
import software.amazon.awssdk.services.bedrockruntime.model.InferenceConfiguration;
import software.amazon.awssdk.services.bedrockruntime.model.JsonSchemaDefinition;
import software.amazon.awssdk.services.bedrockruntime.model.OutputConfig;
import software.amazon.awssdk.services.bedrockruntime.model.OutputFormat;
import software.amazon.awssdk.services.bedrockruntime.model.OutputFormatStructure;
import software.amazon.awssdk.services.bedrockruntime.model.OutputFormatType;
import software.amazon.awssdk.services.bedrockruntime.model.ServiceTier;
import software.amazon.awssdk.services.bedrockruntime.model.ServiceTierType;
import software.amazon.awssdk.services.bedrockruntime.model.ValidationException;

/**
 * Empty answers, forced stop reasons, structured answers cut at maxTokens, native structured output
 * and service tiers, through the real SDK and the OpenAI wire.
 */
class AnswerShapeSdkTest {

  private static final String NATIVE = "anthropic.claude-sonnet-4-5-20250929-v1:0";
  private static final JsonNode SCHEMA = TestSchemas.order();

  private static Simulator sim;
  private static BedrockRuntimeClient client;
  private static URI completions;

  @BeforeAll
  static void startSimulator() {
    sim =
        Simulator.start(
            Scenario.defaults()
                .withModels(ModelConfig.defaultsFor(NATIVE).withNativeStructuredOutput(true)));
    client = SdkClients.sync(sim.uri());
    completions = sim.uri().resolve("/v1/chat/completions");
  }

  @AfterAll
  static void stopSimulator() {
    client.close();
    sim.close();
  }

  @BeforeEach
  void clean() {
    sim.clearFaults();
    sim.resetStats();
  }

  @Test
  void shouldAnswerAnEmptyContentArrayWhenTheRuleSaysEmptyContent() {
    // given
    sim.inject(FaultRule.forRequest("e-1").emptyAnswer(EmptyAnswer.EMPTY_CONTENT));

    // when
    ConverseResponse r = client.converse(SdkClients.text("e-1", "hi"));

    // then
    assertThat(r.output().message().hasContent()).isTrue();
    assertThat(r.output().message().content()).isEmpty();
    assertThat(r.usage().outputTokens()).isZero();
    assertThat(r.stopReasonAsString()).isEqualTo("end_turn");
    assertThat(sim.stats().total().succeeded()).isEqualTo(1);
    assertThat(sim.stats().total().outputTokens()).isZero();
  }

  @Test
  void shouldAnswerWithoutContentWhenTheRuleSaysNullContent() {
    // given
    sim.inject(FaultRule.forRequest("e-2").emptyAnswer(EmptyAnswer.NULL_CONTENT));

    // when
    ConverseResponse r = client.converse(SdkClients.text("e-2", "hi"));

    // then
    assertThat(r.output().message().hasContent()).isFalse();
    assertThat(r.usage().outputTokens()).isZero();
  }

  @Test
  void shouldAnswerABlankTextBlockWhenTheRuleSaysBlankText() {
    // given
    sim.inject(FaultRule.forRequest("e-3").emptyAnswer(EmptyAnswer.BLANK_TEXT));

    // when
    ConverseResponse r = client.converse(SdkClients.text("e-3", "hi"));

    // then
    assertThat(r.output().message().content()).extracting(ContentBlock::text).containsExactly("");
    assertThat(r.usage().outputTokens()).isZero();
  }

  @ParameterizedTest
  @EnumSource(EmptyAnswer.class)
  void shouldAnswerNullOrEmptyContentOnTheOpenAiWireWhenTheRuleSaysEmpty(EmptyAnswer kind) {
    // given
    String id = "oe-" + kind.configName();
    sim.inject(FaultRule.forRequest(id).emptyAnswer(kind));

    // when
    Http.Response r = Http.post(completions, chat(""), "X-Ballast-Request-Id", id);

    // then
    assertThat(r.status()).isEqualTo(200);
    JsonNode message = r.json().path("choices").get(0).path("message");
    if (kind == EmptyAnswer.NULL_CONTENT) {
      assertThat(message.get("content").isNull()).isTrue();
    } else {
      assertThat(message.get("content").asText()).isEmpty();
    }
    assertThat(r.json().path("usage").path("completion_tokens").asInt()).isZero();
  }

  @ParameterizedTest
  @EnumSource(StopReason.class)
  void shouldEndTheAnswerWithTheStopReasonWhenARuleForcesIt(StopReason reason) {
    // given
    String id = "stop-" + reason.wireName();
    sim.inject(FaultRule.forRequest(id).stopReason(reason));

    // when
    ConverseResponse r = client.converse(SdkClients.text(id, "Name three prime numbers."));

    // then
    assertThat(r.stopReasonAsString()).isEqualTo(reason.wireName());
    assertThat(r.stopReason().toString()).isEqualTo(reason.wireName());
    switch (reason) {
      case GUARDRAIL_INTERVENED ->
          assertThat(r.output().message().content().get(0).text())
              .isEqualTo("Sorry, the model cannot answer this question.");
      case MALFORMED_MODEL_OUTPUT, MALFORMED_TOOL_USE -> {
        assertThat(r.output().message().content()).isEmpty();
        assertThat(r.usage().outputTokens()).isZero();
      }
      default -> assertThat(r.usage().outputTokens()).isPositive();
    }
    assertThat(sim.stats().endpoint("us-east-1", SdkClients.HAIKU).stopped(reason.wireName()))
        .isEqualTo(1);
  }

  @Test
  void shouldFinishWithContentFilterOnTheOpenAiWireWhenAGuardrailIntervenes() {
    // given
    sim.setScenario(
        Scenarios.parse(
            """
            faults:
              - requestIdPrefix: cf-
                stopReason: guardrail_intervened
            """));

    // when
    Http.Response r = Http.post(completions, chat(""), "X-Ballast-Request-Id", "cf-1");

    // then
    assertThat(r.json().path("choices").get(0).path("finish_reason").asText())
        .isEqualTo("content_filter");
    sim.setScenario(
        Scenario.defaults()
            .withModels(ModelConfig.defaultsFor(NATIVE).withNativeStructuredOutput(true)));
  }

  @Test
  void shouldCutTheToolCallWhenTheStructuredAnswerIsLongerThanMaxTokens() {
    // given
    ConverseRequest request =
        ToolRequests.forced("cut-1", "record_order", SCHEMA).toBuilder()
            .inferenceConfig(InferenceConfiguration.builder().maxTokens(12).build())
            .build();

    // when
    ConverseResponse r = client.converse(request);

    // then
    assertThat(r.stopReasonAsString()).isEqualTo("max_tokens");
    assertThat(r.usage().outputTokens()).isEqualTo(12);
    JsonNode input = Documents.toJson(r.output().message().content().get(0).toolUse().input());
    assertThat(MiniSchemaValidator.errors(input, SCHEMA)).isNotEmpty();
    assertThat(input.size()).isLessThan(SCHEMA.path("required").size());
  }

  @Test
  void shouldSendTheWholeToolCallWhenMaxTokensIsEnough() {
    // given
    ConverseRequest request =
        ToolRequests.forced("cut-2", "record_order", SCHEMA).toBuilder()
            .inferenceConfig(InferenceConfiguration.builder().maxTokens(4000).build())
            .build();

    // when
    ConverseResponse r = client.converse(request);

    // then
    assertThat(r.stopReasonAsString()).isEqualTo("tool_use");
    JsonNode input = Documents.toJson(r.output().message().content().get(0).toolUse().input());
    assertThat(MiniSchemaValidator.errors(input, SCHEMA)).isEmpty();
  }

  @Test
  void shouldSendInvalidJsonWithFinishReasonLengthWhenTheJsonSchemaAnswerIsCut() {
    // given
    String format =
        ", \"max_tokens\": 10, \"response_format\": {\"type\": \"json_schema\", \"json_schema\":"
            + " {\"name\": \"order\", \"schema\": "
            + TestSchemas.ORDER
            + "}}";

    // when
    Http.Response r = Http.post(completions, chat(format), "X-Ballast-Request-Id", "cut-3");

    // then
    JsonNode choice = r.json().path("choices").get(0);
    assertThat(choice.path("finish_reason").asText()).isEqualTo("length");
    String content = choice.path("message").path("content").asText();
    assertThat(content).startsWith("{");
    assertThat(catchThrowable(() -> TestSchemas.json(content))).isNotNull();
    assertThat(r.json().path("usage").path("completion_tokens").asInt()).isLessThanOrEqualTo(10);
  }

  @Test
  void shouldAnswerSchemaConformingJsonTextWhenTheModelOffersNativeStructuredOutput() {
    // when
    ConverseResponse r = client.converse(nativeRequest("nat-1", NATIVE, null));

    // then
    assertThat(r.stopReasonAsString()).isEqualTo("end_turn");
    String text = r.output().message().content().get(0).text();
    assertThat(MiniSchemaValidator.errors(TestSchemas.json(text), SCHEMA)).isEmpty();
  }

  @Test
  void shouldCutTheJsonTextWhenANativeStructuredAnswerIsLongerThanMaxTokens() {
    // when
    ConverseResponse r = client.converse(nativeRequest("nat-2", NATIVE, 8));

    // then
    assertThat(r.stopReasonAsString()).isEqualTo("max_tokens");
    String text = r.output().message().content().get(0).text();
    assertThat(catchThrowable(() -> TestSchemas.json(text))).isNotNull();
  }

  @Test
  void shouldRefuseNativeStructuredOutputWhenTheModelDoesNotOfferIt() {
    // when
    Throwable thrown =
        catchThrowable(() -> client.converse(nativeRequest("nat-3", SdkClients.HAIKU, null)));

    // then
    assertThat(thrown)
        .isExactlyInstanceOf(ValidationException.class)
        .hasMessageContaining("outputConfig.textFormat");
    assertThat(sim.stats().endpoint("us-east-1", SdkClients.HAIKU).errors(ErrorType.VALIDATION))
        .isEqualTo(1);
  }

  @Test
  void shouldEchoTheServiceTierAndCountCallsPerTierWhenTheRequestSendsOne() {
    // given
    ConverseRequest flex =
        SdkClients.text("tier-1", "hi").toBuilder()
            .serviceTier(ServiceTier.builder().type(ServiceTierType.FLEX).build())
            .build();
    ConverseRequest priority =
        SdkClients.text("tier-2", "hi").toBuilder()
            .serviceTier(ServiceTier.builder().type(ServiceTierType.PRIORITY).build())
            .build();

    // when
    ConverseResponse r1 = client.converse(flex);
    ConverseResponse r2 = client.converse(flex.toBuilder().requestMetadata(Map.of()).build());
    ConverseResponse r3 = client.converse(priority);
    ConverseResponse r4 = client.converse(SdkClients.text("tier-3", "hi"));

    // then
    assertThat(r1.serviceTier().type()).isEqualTo(ServiceTierType.FLEX);
    assertThat(r2.serviceTier().type()).isEqualTo(ServiceTierType.FLEX);
    assertThat(r3.serviceTier().type()).isEqualTo(ServiceTierType.PRIORITY);
    assertThat(r4.serviceTier()).isNull();
    CallCounts counts = sim.stats().endpoint("us-east-1", SdkClients.HAIKU);
    assertThat(counts.inTier("flex")).isEqualTo(2);
    assertThat(counts.inTier("priority")).isEqualTo(1);
    assertThat(counts.requests()).isEqualTo(4);
  }

  @Test
  void shouldEchoTheServiceTierWhenAnOpenAiRequestSendsOne() {
    // when
    Http.Response r = Http.post(completions, chat(", \"service_tier\": \"flex\""));

    // then
    assertThat(r.json().path("service_tier").asText()).isEqualTo("flex");
    assertThat(sim.stats().total().inTier("flex")).isEqualTo(1);
  }

  private static ConverseRequest nativeRequest(String id, String model, Integer maxTokens) {
    ConverseRequest.Builder b =
        ConverseRequest.builder()
            .modelId(model)
            .messages(SdkClients.user("Extract the order: two blue mugs for Ada."))
            .requestMetadata(Map.of("ballast-request-id", id))
            .outputConfig(
                OutputConfig.builder()
                    .textFormat(
                        OutputFormat.builder()
                            .type(OutputFormatType.JSON_SCHEMA)
                            .structure(
                                OutputFormatStructure.fromJsonSchema(
                                    JsonSchemaDefinition.builder()
                                        .schema(TestSchemas.ORDER)
                                        .name("order")
                                        .description("An order.")
                                        .build()))
                            .build())
                    .build());
    if (maxTokens != null) {
      b.inferenceConfig(InferenceConfiguration.builder().maxTokens(maxTokens).build());
    }
    return b.build();
  }

  private static String chat(String extra) {
    return "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"Name three"
        + " colours.\"}]"
        + extra
        + "}";
  }
}
