package dev.ballast.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseRequest;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseResponse;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseTokensRequest;
import software.amazon.awssdk.services.bedrockruntime.model.CountTokensInput;
import software.amazon.awssdk.services.bedrockruntime.model.InferenceConfiguration;
import software.amazon.awssdk.services.bedrockruntime.model.ValidationException;

class ContextOverflowSdkTest {

  private static final String BEDROCK_STYLE = "test.small-bedrock-v1:0";
  private static final String ANTHROPIC_STYLE = "anthropic.small-claude-v1:0";

  private static Simulator sim;
  private static BedrockRuntimeClient client;

  @BeforeAll
  static void startSimulator() {
    sim =
        Simulator.start(
            Scenario.defaults()
                .withModels(
                    ModelConfig.defaultsFor(BEDROCK_STYLE)
                        .withContextWindow(300)
                        .withMaxOutputTokens(100),
                    ModelConfig.defaultsFor(ANTHROPIC_STYLE)
                        .withContextWindow(300)
                        .withMaxOutputTokens(100)
                        .withOverflowMessage(OverflowStyle.ANTHROPIC)));
    client = SdkClients.sync(sim.uri());
  }

  @AfterAll
  static void stopSimulator() {
    client.close();
    sim.close();
  }

  private static ConverseRequest request(String model, int words, int maxTokens) {
    return SdkClients.text("ctx-" + model + words, "word ".repeat(words)).toBuilder()
        .modelId(model)
        .inferenceConfig(InferenceConfiguration.builder().maxTokens(maxTokens).build())
        .build();
  }

  private static int countTokens(ConverseRequest request) {
    return client
        .countTokens(
            c ->
                c.modelId(request.modelId())
                    .input(
                        CountTokensInput.fromConverse(
                            ConverseTokensRequest.builder().messages(request.messages()).build())))
        .inputTokens();
  }

  @Test
  void shouldAnswerBedrocksOverflowMessageWhenInputAndMaxTokensExceedTheWindow() {
    // given
    ConverseRequest request = request(BEDROCK_STYLE, 250, 100);

    // when
    Throwable thrown = catchThrowable(() -> client.converse(request));

    // then
    assertThat(thrown).isExactlyInstanceOf(ValidationException.class);
    assertThat(((ValidationException) thrown).awsErrorDetails().errorMessage())
        .isEqualTo("Input is too long for requested model.");
  }

  @Test
  void shouldAnswerAnthropicsOverflowMessageWithTheNumbersWhenInputExceedsTheWindow() {
    // given
    ConverseRequest request = request(ANTHROPIC_STYLE, 250, 100);
    int n = countTokens(request);

    // when
    Throwable thrown = catchThrowable(() -> client.converse(request));

    // then
    assertThat(n).isGreaterThan(200);
    assertThat(((ValidationException) thrown).awsErrorDetails().errorMessage())
        .isEqualTo("prompt is too long: " + n + " tokens > " + (300 - 100) + " maximum");
  }

  @Test
  void shouldFitWhenAShorterMaxTokensLeavesRoomForTheInput() {
    // given
    ConverseRequest tooLong = request(ANTHROPIC_STYLE, 250, 100);
    int n = countTokens(tooLong);
    ConverseRequest fitting = request(ANTHROPIC_STYLE, 250, 300 - n);

    // when
    ConverseResponse response = client.converse(fitting);

    // then
    assertThat(response.usage().inputTokens()).isEqualTo(n);
  }

  @Test
  void shouldRejectMaxTokensAboveTheModelLimitWhenRequested() {
    // given
    ConverseRequest request = request(BEDROCK_STYLE, 5, 101);

    // when
    Throwable thrown = catchThrowable(() -> client.converse(request));

    // then
    assertThat(thrown)
        .isExactlyInstanceOf(ValidationException.class)
        .hasMessageContaining("exceeds the model limit of 100");
  }

  @Test
  void shouldUseTheOverflowMessageWhenARuleInjectsContextOverflow() {
    // given
    sim.inject(FaultRule.forRequest("ctx-rule").error(ErrorType.CONTEXT_OVERFLOW));
    ConverseRequest request = SdkClients.text("ctx-rule", "short").toBuilder().build();

    // when
    Throwable thrown = catchThrowable(() -> client.converse(request));

    // then
    assertThat(thrown)
        .isExactlyInstanceOf(ValidationException.class)
        .hasMessageContaining("Input is too long for requested model.");
  }
}
