package dev.ballast.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseRequest;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseResponse;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseTokensRequest;
import software.amazon.awssdk.services.bedrockruntime.model.CountTokensInput;
import software.amazon.awssdk.services.bedrockruntime.model.InferenceConfiguration;
import software.amazon.awssdk.services.bedrockruntime.model.ValidationException;

/** Overflow wordings per model, the output limit, and slow generation per model. */
class ModelLimitSdkTest {

  private static final int WINDOW = 300;
  private static final int MAX_OUT = 100;
  private static final String SLOW = "meta.llama-slow-v1:0";

  private static Simulator sim;
  private static BedrockRuntimeClient client;
  private static URI completions;

  @BeforeAll
  static void startSimulator() {
    ModelConfig[] models = new ModelConfig[OverflowStyle.values().length + 1];
    for (OverflowStyle style : OverflowStyle.values()) {
      models[style.ordinal()] =
          ModelConfig.defaultsFor(modelFor(style))
              .withContextWindow(WINDOW)
              .withMaxOutputTokens(MAX_OUT)
              .withOverflowMessage(style);
    }
    models[models.length - 1] =
        ModelConfig.defaultsFor(SLOW).withPerOutputToken(Duration.ofMillis(10));
    sim = Simulator.start(Scenario.defaults().withModels(models));
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

  private static String modelFor(OverflowStyle style) {
    return "test." + style.configName().toLowerCase(java.util.Locale.ROOT) + "-v1:0";
  }

  private static ConverseRequest request(String id, String model, int words, Integer maxTokens) {
    ConverseRequest.Builder b =
        SdkClients.text(id, "word ".repeat(words)).toBuilder().modelId(model);
    if (maxTokens != null) {
      b.inferenceConfig(InferenceConfiguration.builder().maxTokens(maxTokens).build());
    }
    return b.build();
  }

  private static int inputTokens(ConverseRequest request) {
    return client
        .countTokens(
            c ->
                c.modelId(request.modelId())
                    .input(
                        CountTokensInput.fromConverse(
                            ConverseTokensRequest.builder().messages(request.messages()).build())))
        .inputTokens();
  }

  @ParameterizedTest
  @EnumSource(value = OverflowStyle.class, mode = EnumSource.Mode.EXCLUDE, names = "STOP_REASON")
  void shouldWordTheOverflowAsTheModelsProviderDoesWhenTheInputDoesNotFit(OverflowStyle style) {
    // given
    ConverseRequest request = request("ov-" + style.configName(), modelFor(style), 250, 80);
    int n = inputTokens(request);

    // when
    Throwable thrown = catchThrowable(() -> client.converse(request));

    // then
    assertThat(thrown).isExactlyInstanceOf(ValidationException.class);
    assertThat(((ValidationException) thrown).awsErrorDetails().errorMessage())
        .isEqualTo(style.message(n, 80, WINDOW));
    assertThat(sim.stats().endpoint("us-east-1", modelFor(style)).errors(ErrorType.VALIDATION))
        .isEqualTo(1);
  }

  @Test
  void shouldStateTheNumbersInEachWordingWhenTheyAreKnown() {
    assertThat(OverflowStyle.ANTHROPIC.message(410, 80, 300))
        .isEqualTo("prompt is too long: 410 tokens > 220 maximum");
    assertThat(OverflowStyle.INPUT_TOKEN_COUNT.message(410, 80, 300))
        .isEqualTo(
            "The input token count (410) exceeds the maximum number of tokens allowed (220).");
    assertThat(OverflowStyle.OPENAI.message(250, 80, 300))
        .isEqualTo(
            "This model's maximum context length is 300 tokens. However, you requested 330"
                + " tokens (250 in the messages, 80 in the completion). Please reduce the length"
                + " of the messages or completion.");
    assertThat(OverflowStyle.VLLM.message(410, 80, 300))
        .isEqualTo(
            "This model's maximum context length is 300 tokens. However, your request has 410"
                + " input tokens. Please reduce the length of the input messages.");
    assertThat(OverflowStyle.VLLM.message(250, 80, 300))
        .isEqualTo(
            "'max_tokens' or 'max_completion_tokens' is too large: 80. This model's maximum"
                + " context length is 300 tokens and your request has 250 input tokens (80 > 300"
                + " - 250).");
    assertThat(OverflowStyle.MISTRAL.message(410, 80, 300))
        .isEqualTo(
            "Prompt contains 410 tokens and 0 draft tokens, too large for model with 300 maximum"
                + " context length");
  }

  @Test
  void shouldStopWithModelContextWindowExceededWhenTheWindowFillsWhileGenerating() {
    // given
    String model = modelFor(OverflowStyle.STOP_REASON);
    sim.inject(FaultRule.forRequest("ov-stop").outputTokens(MAX_OUT));
    ConverseRequest request = request("ov-stop", model, 240, MAX_OUT);
    int n = inputTokens(request);

    // when
    ConverseResponse r = client.converse(request);

    // then
    assertThat(r.stopReasonAsString()).isEqualTo("model_context_window_exceeded");
    assertThat(r.usage().outputTokens()).isPositive().isLessThanOrEqualTo(WINDOW - n);
  }

  @Test
  void shouldRefuseWithBedrocksWordingWhenTheInputAloneIsOverTheWindowOfAStopReasonModel() {
    // when
    Throwable thrown =
        catchThrowable(
            () ->
                client.converse(
                    request("ov-stop-2", modelFor(OverflowStyle.STOP_REASON), 400, 10)));

    // then
    assertThat(thrown)
        .isExactlyInstanceOf(ValidationException.class)
        .hasMessageContaining("Input is too long for requested model.");
  }

  @Test
  void shouldAnswerContextLengthExceededInTheModelsWordingOnTheOpenAiWire() {
    // given
    String body =
        "{\"model\":\""
            + modelFor(OverflowStyle.INPUT_TOKEN_COUNT)
            + "\",\"max_tokens\":80,\"messages\":[{\"role\":\"user\",\"content\":\""
            + "word ".repeat(250)
            + "\"}]}";

    // when
    Http.Response r = Http.post(completions, body);

    // then
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.json().path("error").path("code").asText()).isEqualTo("context_length_exceeded");
    assertThat(r.json().path("error").path("message").asText())
        .startsWith("The input token count (")
        .endsWith(") exceeds the maximum number of tokens allowed (220).");
  }

  @Test
  void shouldRefuseWithBedrocksWordingWhenMaxTokensIsAboveTheModelsOutputLimit() {
    // when
    Throwable thrown =
        catchThrowable(
            () -> client.converse(request("lim-1", modelFor(OverflowStyle.BEDROCK), 5, 150)));

    // then
    assertThat(thrown).isExactlyInstanceOf(ValidationException.class);
    assertThat(((ValidationException) thrown).awsErrorDetails().errorMessage())
        .isEqualTo(
            "The maximum tokens you requested exceeds the model limit of 100. Try again with a"
                + " maximum tokens value that is lower than 100.");
  }

  @Test
  void shouldRefuseWithOpenAisWordingWhenMaxTokensIsAboveTheModelsOutputLimit() {
    // given
    String body =
        "{\"model\":\""
            + modelFor(OverflowStyle.OPENAI)
            + "\",\"max_completion_tokens\":150,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

    // when
    Http.Response r = Http.post(completions, body);

    // then
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.json().path("error").path("message").asText())
        .isEqualTo(
            "max_tokens is too large: 150. This model supports at most 100 completion tokens,"
                + " whereas you provided 150.");
    assertThat(r.json().path("error").path("param").asText()).isEqualTo("max_tokens");
    assertThat(r.json().path("error").path("code").asText()).isEqualTo("invalid_value");
  }

  @Test
  void shouldTakeLongerForLongerAnswersWhenTheModelGeneratesSlowly() {
    // given
    sim.inject(FaultRule.forRequestPrefix("slow-").outputTokens(60));
    long start = System.nanoTime();

    // when
    ConverseResponse full = client.converse(request("slow-1", SLOW, 3, null));
    ConverseResponse cut = client.converse(request("slow-2", SLOW, 3, 20));
    long elapsedMillis = (System.nanoTime() - start) / 1_000_000;

    // then
    assertThat(full.usage().outputTokens()).isEqualTo(60);
    assertThat(full.metrics().latencyMs()).isEqualTo(600);
    assertThat(full.stopReasonAsString()).isEqualTo("end_turn");
    assertThat(cut.usage().outputTokens()).isEqualTo(20);
    assertThat(cut.metrics().latencyMs()).isEqualTo(200);
    assertThat(cut.stopReasonAsString()).isEqualTo("max_tokens");
    assertThat(elapsedMillis).isGreaterThanOrEqualTo(800);
    assertThat(sim.stats().endpoint("us-east-1", SLOW).outputTokens()).isEqualTo(80);
  }
}
