package dev.ballast.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ConversationRole;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseRequest;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseResponse;
import software.amazon.awssdk.services.bedrockruntime.model.Message;
import software.amazon.awssdk.services.bedrockruntime.model.ModelErrorException;
import software.amazon.awssdk.services.bedrockruntime.model.ValidationException;

/**
 * Bedrock's conversation-shape check where the scenario enables it, and model errors tied to the
 * request's content.
 */
class RequestShapeSdkTest {

  private static final String STRICT_MODEL = "mistral.strict-v1:0";

  private static Simulator sim;
  private static BedrockRuntimeClient east;
  private static BedrockRuntimeClient west;

  @BeforeAll
  static void startSimulator() {
    sim =
        Simulator.start(
            Scenarios.parse(
                """
                regions:
                  - name: us-east-1
                    conversationChecks: ["anthropic.*"]
                  - name: us-west-2
                models:
                  - id: mistral.strict-v1:0
                    conversationChecks: true
                """));
    east = SdkClients.sync(sim.uri("us-east-1"));
    west = SdkClients.sync(sim.uri("us-west-2"));
  }

  @AfterAll
  static void stopSimulator() {
    east.close();
    west.close();
    sim.close();
  }

  @BeforeEach
  void clean() {
    sim.clearFaults();
    sim.resetStats();
  }

  private static Message turn(ConversationRole role, String text) {
    return Message.builder().role(role).content(List.of(ContentBlock.fromText(text))).build();
  }

  private static ConverseRequest conversation(String model, Message... turns) {
    return ConverseRequest.builder().modelId(model).messages(turns).build();
  }

  @Test
  void shouldRejectTwoUserTurnsInARowWhereChecksAreOnAndAcceptThemWhereTheyAreOff() {
    // given
    ConverseRequest twoUsers =
        conversation(
            SdkClients.HAIKU,
            turn(ConversationRole.USER, "First question."),
            turn(ConversationRole.USER, "Second question."));

    // when
    Throwable thrown = catchThrowable(() -> east.converse(twoUsers));
    ConverseResponse accepted = west.converse(twoUsers);

    // then
    assertThat(thrown).isExactlyInstanceOf(ValidationException.class);
    assertThat(((ValidationException) thrown).awsErrorDetails().errorMessage())
        .isEqualTo(
            "A conversation must alternate between user and assistant roles. Make sure the"
                + " conversation alternates between user and assistant roles and try again.");
    assertThat(accepted.output().message().content()).isNotEmpty();
    assertThat(sim.stats().endpoint("us-east-1", SdkClients.HAIKU).errors(ErrorType.VALIDATION))
        .isEqualTo(1);
    assertThat(sim.stats().endpoint("us-west-2", SdkClients.HAIKU).succeeded()).isEqualTo(1);
  }

  @Test
  void shouldRejectAConversationStartingWithTheAssistantWhenChecksAreOn() {
    // when
    Throwable thrown =
        catchThrowable(
            () ->
                east.converse(
                    conversation(
                        SdkClients.HAIKU,
                        turn(ConversationRole.ASSISTANT, "Hello, how can I help?"),
                        turn(ConversationRole.USER, "Name a prime."))));

    // then
    assertThat(((ValidationException) thrown).awsErrorDetails().errorMessage())
        .isEqualTo(
            "A conversation must start with a user message. Try again with a conversation that"
                + " starts with a user message.");
  }

  @Test
  void shouldRejectABlankTextTurnWhenChecksAreOn() {
    // when
    Throwable thrown =
        catchThrowable(
            () ->
                east.converse(
                    conversation(
                        SdkClients.HAIKU,
                        turn(ConversationRole.USER, "Name a prime."),
                        turn(ConversationRole.ASSISTANT, "  "),
                        turn(ConversationRole.USER, "Another one?"))));

    // then
    assertThat(((ValidationException) thrown).awsErrorDetails().errorMessage())
        .isEqualTo(
            "The text field in the ContentBlock object at messages.1.content.0 is blank. Add text"
                + " to the text field, and try again.");
  }

  @Test
  void shouldCheckTheConversationInEveryRegionWhenTheModelEnablesIt() {
    // given
    ConverseRequest twoUsers =
        conversation(
            STRICT_MODEL, turn(ConversationRole.USER, "A."), turn(ConversationRole.USER, "B."));

    // when
    Throwable inWest = catchThrowable(() -> west.converse(twoUsers));
    ConverseResponse otherModel =
        west.converse(twoUsers.toBuilder().modelId("mistral.lenient-v1:0").build());

    // then
    assertThat(inWest).isExactlyInstanceOf(ValidationException.class);
    assertThat(otherModel.output().message().content()).isNotEmpty();
  }

  @Test
  void shouldRejectTwoUserTurnsOnTheOpenAiWireWhereChecksAreOn() {
    // given
    String body =
        "{\"model\": \"anthropic.claude-x\", \"messages\": [{\"role\": \"system\","
            + " \"content\": \"Be brief.\"}, {\"role\": \"user\", \"content\": \"A.\"},"
            + " {\"role\": \"user\", \"content\": \"B.\"}]}";

    // when
    Http.Response rejected = Http.post(sim.uri("us-east-1").resolve("/v1/chat/completions"), body);
    Http.Response accepted = Http.post(sim.uri("us-west-2").resolve("/v1/chat/completions"), body);

    // then
    assertThat(rejected.status()).isEqualTo(400);
    assertThat(rejected.json().path("error").path("message").asText())
        .isEqualTo(ConversationMessages.ALTERNATE);
    assertThat(accepted.status()).isEqualTo(200);
  }

  @Test
  void shouldAnswerModelErrorForStructuredRequestsOnlyWhenTheRuleSelectsThem() {
    // given
    sim.inject(
        FaultRule.any()
            .forModel("claude-3-haiku")
            .whenStructured(true)
            .error(ErrorType.MODEL_ERROR));

    // when
    Throwable structured =
        catchThrowable(
            () -> east.converse(ToolRequests.forced("st-1", "record_order", TestSchemas.order())));
    ConverseResponse plain = east.converse(SdkClients.text("pl-1", "Name three primes."));

    // then
    assertThat(structured).isExactlyInstanceOf(ModelErrorException.class);
    assertThat(((ModelErrorException) structured).statusCode()).isEqualTo(424);
    assertThat(plain.output().message().content().get(0).text()).isNotBlank();
    CallCounts counts = sim.stats().endpoint("us-east-1", SdkClients.HAIKU);
    assertThat(counts.errors(ErrorType.MODEL_ERROR)).isEqualTo(1);
    assertThat(counts.succeeded()).isEqualTo(1);
  }

  @Test
  void shouldAnswerModelErrorWhenThePromptHoldsTheMarkerAndAScenarioRuleLooksForIt() {
    // given
    sim.inject(
        ScenarioRules.parse(
            "{promptContains: \"[[poison]]\", error: ModelErrorException, message: \"The model"
                + " could not process this input.\"}"));

    // when
    Throwable marked =
        catchThrowable(
            () -> east.converse(SdkClients.text("mk-1", "Summarise [[poison]] please.")));
    ConverseResponse clean = east.converse(SdkClients.text("mk-2", "Summarise this please."));

    // then
    assertThat(marked)
        .isExactlyInstanceOf(ModelErrorException.class)
        .hasMessageContaining("The model could not process this input.");
    assertThat(clean.output().message().content()).isNotEmpty();
    assertThat(sim.stats().callsFor("mk-1")).isEqualTo(1);
    assertThat(sim.stats().callsFor("mk-2")).isEqualTo(1);
  }

  @Test
  void shouldMatchPlainRequestsOnlyWhenTheRuleSaysStructuredFalse() {
    // given
    sim.inject(FaultRule.forRequestPrefix("sf-").whenStructured(false).error(ErrorType.THROTTLING));

    // when
    ConverseResponse structured =
        east.converse(ToolRequests.forced("sf-1", "record_order", TestSchemas.order()));
    Throwable plain = catchThrowable(() -> east.converse(SdkClients.text("sf-2", "hi")));

    // then
    assertThat(structured.output().message().content().get(0).toolUse()).isNotNull();
    assertThat(plain).hasMessageContaining("Too many requests");
    assertThat(Map.of("sf-1", sim.stats().callsFor("sf-1"), "sf-2", sim.stats().callsFor("sf-2")))
        .containsEntry("sf-1", 1L)
        .containsEntry("sf-2", 1L);
  }

  /** Bedrock's wording. */
  static final class ConversationMessages {
    static final String ALTERNATE =
        "A conversation must alternate between user and assistant roles. Make sure the"
            + " conversation alternates between user and assistant roles and try again.";
  }

  /** Fault rules read as the admin API and scenario files read them. */
  static final class ScenarioRules {
    static FaultRule parse(String yaml) {
      return Scenarios.parse("faults:\n  - " + yaml + "\n").faults().get(0);
    }
  }
}
