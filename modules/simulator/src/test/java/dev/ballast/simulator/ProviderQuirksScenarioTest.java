package dev.ballast.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ConversationRole;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseRequest;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseResponse;
import software.amazon.awssdk.services.bedrockruntime.model.Message;
import software.amazon.awssdk.services.bedrockruntime.model.ModelErrorException;
import software.amazon.awssdk.services.bedrockruntime.model.ThrottlingException;
import software.amazon.awssdk.services.bedrockruntime.model.ValidationException;

/** The shipped provider-quirks rehearsal does what its comment says, through the real SDK. */
class ProviderQuirksScenarioTest {

  private static final String SONNET = "anthropic.claude-sonnet-4-5-20250929-v1:0";
  private static final String LLAMA = "meta.llama3-70b-instruct-v1:0";

  private static Simulator sim;
  private static BedrockRuntimeClient east;
  private static BedrockRuntimeClient west;

  @BeforeAll
  static void startSimulator() {
    Scenario shipped = Scenarios.load(Path.of("../../examples/scenarios/provider-quirks.yaml"));
    sim =
        Simulator.start(
            shipped.withRegions(shipped.regions().stream().map(r -> r.withPort(0)).toList()));
    east = SdkClients.sync(sim.uri("us-east-1"));
    west = SdkClients.sync(sim.uri("us-west-2"));
  }

  @AfterAll
  static void stopSimulator() {
    east.close();
    west.close();
    sim.close();
  }

  @Test
  void shouldThrottleThePrimarysHaikuWithAThreeHourHintAndServeTheSecondRegion() {
    // when
    Throwable thrown = catchThrowable(() -> east.converse(SdkClients.text("q-1", "hi")));
    ConverseResponse served = west.converse(SdkClients.text("q-2", "hi"));

    // then
    assertThat(thrown).isExactlyInstanceOf(ThrottlingException.class);
    var http = ((AwsServiceException) thrown).awsErrorDetails().sdkHttpResponse();
    assertThat(http.firstMatchingHeader("Retry-After")).contains("10800");
    assertThat(http.firstMatchingHeader("retry-after-ms")).contains("10800000");
    assertThat(http.firstMatchingHeader("x-ratelimit-reset-requests")).contains("3h0m0s");
    assertThat(served.output().message().content()).isNotEmpty();
  }

  @Test
  void shouldRefuseTwoUserTurnsInThePrimaryOnlyWhenItChecksConversations() {
    // given
    ConverseRequest twoUsers =
        ConverseRequest.builder().modelId(LLAMA).messages(user("First."), user("Second.")).build();

    // when
    Throwable refused = catchThrowable(() -> east.converse(twoUsers));
    ConverseResponse served = west.converse(twoUsers);

    // then
    assertThat(refused)
        .isExactlyInstanceOf(ValidationException.class)
        .hasMessageContaining("must alternate between user and assistant roles");
    assertThat(served.output().message().content()).isNotEmpty();
  }

  @Test
  void shouldFailStructuredSonnetRequestsOnlyWithAModelError() {
    // when
    Throwable structured =
        catchThrowable(
            () ->
                west.converse(
                    ToolRequests.forced("q-3", "record_order", TestSchemas.order()).toBuilder()
                        .modelId(SONNET)
                        .build()));
    ConverseResponse plain =
        west.converse(SdkClients.text("q-4", "hi").toBuilder().modelId(SONNET).build());

    // then
    assertThat(structured).isExactlyInstanceOf(ModelErrorException.class);
    assertThat(plain.output().message().content()).isNotEmpty();
  }

  @Test
  void shouldStopOrEmptyTheAnswerWhenThePromptHoldsAMarker() {
    // when
    ConverseResponse filtered =
        west.converse(SdkClients.text("q-5", "Tell me [[filtered]] things."));
    ConverseResponse empty = west.converse(SdkClients.text("q-6", "Say [[empty]] nothing."));

    // then
    assertThat(filtered.stopReasonAsString()).isEqualTo("content_filtered");
    assertThat(empty.output().message().content()).isEmpty();
    assertThat(sim.stats().endpoint("us-west-2", SdkClients.HAIKU).stopped("content_filtered"))
        .isEqualTo(1);
  }

  private static Message user(String text) {
    return Message.builder()
        .role(ConversationRole.USER)
        .content(List.of(ContentBlock.fromText(text)))
        .build();
  }
}
