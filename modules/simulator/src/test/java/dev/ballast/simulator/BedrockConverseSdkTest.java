package dev.ballast.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeAsyncClient;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseRequest;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseResponse;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseTokensRequest;
import software.amazon.awssdk.services.bedrockruntime.model.CountTokensInput;
import software.amazon.awssdk.services.bedrockruntime.model.CountTokensRequest;
import software.amazon.awssdk.services.bedrockruntime.model.InferenceConfiguration;
import software.amazon.awssdk.services.bedrockruntime.model.StopReason;
import software.amazon.awssdk.services.bedrockruntime.model.SystemContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ThrottlingException;
import software.amazon.awssdk.services.bedrockruntime.model.ValidationException;

class BedrockConverseSdkTest {

  private static Simulator sim;
  private static BedrockRuntimeClient client;
  private static BedrockRuntimeAsyncClient asyncClient;

  @BeforeAll
  static void startSimulator() {
    sim = Simulator.start(Scenario.defaults());
    client = SdkClients.sync(sim.uri());
    asyncClient = SdkClients.async(sim.uri(), Duration.ofSeconds(1));
    asyncClient.converse(SdkClients.text("warm-up", "hello")).join();
  }

  @AfterAll
  static void stopSimulator() {
    client.close();
    asyncClient.close();
    sim.close();
  }

  @BeforeEach
  void clean() {
    sim.clearFaults();
    sim.resetStats();
  }

  @Test
  void shouldParseTextAnswerFullyWhenConverseSucceeds() {
    // given
    ConverseRequest request =
        SdkClients.text("text-1", "Summarize the quarterly report in two sentences.").toBuilder()
            .system(SystemContentBlock.fromText("You are terse."))
            .build();

    // when
    ConverseResponse response = client.converse(request);

    // then
    String text = response.output().message().content().get(0).text();
    assertThat(text).isNotBlank();
    assertThat(response.stopReason()).isEqualTo(StopReason.END_TURN);
    assertThat(response.usage().inputTokens()).isPositive();
    assertThat(response.usage().outputTokens()).isBetween(20, 120);
    assertThat(response.usage().totalTokens())
        .isEqualTo(response.usage().inputTokens() + response.usage().outputTokens());
    assertThat(response.metrics().latencyMs()).isNotNegative();
    assertThat(response.responseMetadata().requestId()).isNotBlank();
    assertThat(sim.stats().callsFor("text-1")).isEqualTo(1);
    assertThat(sim.stats().total().succeeded()).isEqualTo(1);
    assertThat(sim.stats().total().byModel()).containsEntry(SdkClients.HAIKU, 1L);
  }

  @Test
  void shouldAnswerTheSameTextWhenTheSameRequestIsRepeated() {
    // given
    ConverseRequest request = SdkClients.text("same-1", "What is the capital of France?");

    // when
    ConverseResponse first = client.converse(request);
    ConverseResponse second = client.converse(request);

    // then
    assertThat(second.output().message().content().get(0).text())
        .isEqualTo(first.output().message().content().get(0).text());
    assertThat(second.usage()).isEqualTo(first.usage());
  }

  @Test
  void shouldStopAtMaxTokensWhenTheAnswerWouldBeLonger() {
    // given
    ConverseRequest request =
        SdkClients.text("short-1", "Tell me a long story.").toBuilder()
            .inferenceConfig(InferenceConfiguration.builder().maxTokens(5).build())
            .build();

    // when
    ConverseResponse response = client.converse(request);

    // then
    assertThat(response.stopReason()).isEqualTo(StopReason.MAX_TOKENS);
    assertThat(response.usage().outputTokens()).isEqualTo(5);
  }

  @Test
  void shouldCountTheSameInputTokensWhenCountTokensIsAskedForTheSameMessages() {
    // given
    ConverseRequest converse =
        SdkClients.text("count-1", "Count these tokens, please: 12345, hello-world!").toBuilder()
            .system(SystemContentBlock.fromText("System prompt here."))
            .build();
    CountTokensRequest count =
        CountTokensRequest.builder()
            .modelId(SdkClients.HAIKU)
            .input(
                CountTokensInput.fromConverse(
                    ConverseTokensRequest.builder()
                        .messages(converse.messages())
                        .system(converse.system())
                        .build()))
            .build();

    // when
    int counted = client.countTokens(count).inputTokens();
    int used = client.converse(converse).usage().inputTokens();

    // then
    assertThat(counted).isPositive().isEqualTo(used);
  }

  @Test
  void shouldThrottleFirstAttemptAndSucceedSecondWhenRuleTargetsAttemptOne() {
    // given
    sim.inject(FaultRule.forRequest("att-1").onAttempts(1).error(ErrorType.THROTTLING));
    ConverseRequest request = SdkClients.text("att-1", "hello");

    // when
    Throwable first = catchThrowable(() -> client.converse(request));
    ConverseResponse second = client.converse(request);

    // then
    assertThat(first).isInstanceOf(ThrottlingException.class);
    assertThat(second.stopReason()).isEqualTo(StopReason.END_TURN);
    assertThat(sim.stats().callsFor("att-1")).isEqualTo(2);
  }

  @Test
  void shouldUseTheSentAttemptNumberWhenRequestMetadataCarriesIt() {
    // given
    sim.inject(FaultRule.forRequest("att-2").onAttempts(1).error(ErrorType.THROTTLING));
    ConverseRequest request =
        SdkClients.text("att-2", "hello").toBuilder()
            .requestMetadata(Map.of("ballast-request-id", "att-2", "ballast-attempt", "2"))
            .build();

    // when
    ConverseResponse response = client.converse(request);

    // then
    assertThat(response.stopReason()).isEqualTo(StopReason.END_TURN);
  }

  @Test
  void shouldStopFiringWhenRuleTimesAreUsedUp() {
    // given
    sim.inject(FaultRule.forRequestPrefix("twice-").times(2).error(ErrorType.INTERNAL_SERVER));

    // when
    Throwable a = catchThrowable(() -> client.converse(SdkClients.text("twice-a", "x")));
    Throwable b = catchThrowable(() -> client.converse(SdkClients.text("twice-b", "x")));
    ConverseResponse c = client.converse(SdkClients.text("twice-c", "x"));

    // then
    assertThat(a).isNotNull();
    assertThat(b).isNotNull();
    assertThat(c.stopReason()).isEqualTo(StopReason.END_TURN);
  }

  @Test
  void shouldRaiseApiCallTimeoutWhenDelayExceedsTheClientTimeout() {
    // given
    sim.inject(FaultRule.forRequest("slow-1").delay(Duration.ofSeconds(30)));
    long started = System.nanoTime();

    // when
    Throwable thrown =
        catchThrowable(() -> asyncClient.converse(SdkClients.text("slow-1", "hi")).join());

    // then
    assertThat(thrown)
        .isInstanceOf(CompletionException.class)
        .hasCauseInstanceOf(ApiCallTimeoutException.class);
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
    assertThat(sim.stats().callsFor("slow-1")).isEqualTo(1);
  }

  @Test
  void shouldSucceedSlowlyWhenDelayIsShorterThanTheTimeout() {
    // given
    sim.inject(FaultRule.forRequest("slowish-1").delay(Duration.ofMillis(150)));
    long started = System.nanoTime();

    // when
    ConverseResponse response = asyncClient.converse(SdkClients.text("slowish-1", "hi")).join();

    // then
    assertThat(response.metrics().latencyMs()).isGreaterThanOrEqualTo(150);
    assertThat(Duration.ofNanos(System.nanoTime() - started))
        .isGreaterThanOrEqualTo(Duration.ofMillis(150));
  }

  @Test
  void shouldAnswerToolUseConformingToTheSchemaWhenToolIsForced() {
    // given
    JsonNode schema = TestSchemas.order();
    ConverseRequest request = ToolRequests.forced("tool-1", "record_order", schema);

    // when
    ConverseResponse response = client.converse(request);

    // then
    assertThat(response.stopReason()).isEqualTo(StopReason.TOOL_USE);
    ContentBlock block = response.output().message().content().get(0);
    assertThat(block.toolUse().name()).isEqualTo("record_order");
    assertThat(block.toolUse().toolUseId()).startsWith("tooluse_");
    JsonNode input = Documents.toJson(block.toolUse().input());
    assertThat(MiniSchemaValidator.errors(input, schema)).isEmpty();
    assertThat(input.get("kind").asText()).isEqualTo("order");
    assertThat(response.usage().outputTokens()).isPositive();
  }

  @Test
  void shouldAnswerTextWhenToolChoiceIsAuto() {
    // given
    ConverseRequest request = ToolRequests.auto("tool-2", "record_order", TestSchemas.order());

    // when
    ConverseResponse response = client.converse(request);

    // then
    assertThat(response.stopReason()).isEqualTo(StopReason.END_TURN);
    assertThat(response.output().message().content().get(0).text()).isNotBlank();
  }

  @Test
  void shouldRejectTheRequestWhenToolChoiceNamesAnUnknownTool() {
    // given
    ConverseRequest request =
        ToolRequests.forced("tool-3", "record_order", "missing_tool", TestSchemas.order());

    // when
    Throwable thrown = catchThrowable(() -> client.converse(request));

    // then
    assertThat(thrown).isInstanceOf(ValidationException.class).hasMessageContaining("missing_tool");
  }

  static Throwable catchThrowable(Runnable r) {
    return org.assertj.core.api.Assertions.catchThrowable(r::run);
  }
}
