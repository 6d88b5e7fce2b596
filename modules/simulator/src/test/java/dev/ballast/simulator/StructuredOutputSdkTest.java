package dev.ballast.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseResponse;
import software.amazon.awssdk.services.bedrockruntime.model.StopReason;

class StructuredOutputSdkTest {

  private static Simulator sim;
  private static BedrockRuntimeClient client;
  private static final JsonNode SCHEMA = TestSchemas.order();

  @BeforeAll
  static void startSimulator() {
    sim = Simulator.start(Scenario.defaults());
    client = SdkClients.sync(sim.uri());
  }

  @AfterAll
  static void stopSimulator() {
    client.close();
    sim.close();
  }

  @BeforeEach
  void clean() {
    sim.clearFaults();
  }

  private ContentBlock answerTo(String requestId) {
    ConverseResponse response =
        client.converse(ToolRequests.forced(requestId, "record_order", SCHEMA));
    return response.output().message().content().get(0);
  }

  @Test
  void shouldWrapValidJsonInProseWhenMalformationIsProseAroundJson() {
    // given
    sim.inject(FaultRule.forRequest("m-prose").malformed(Malformation.PROSE_AROUND_JSON));

    // when
    ContentBlock block = answerTo("m-prose");

    // then
    assertThat(block.toolUse()).isNull();
    assertThat(block.text()).startsWith("Here is the result:\n```json\n").endsWith("\n```");
    String json =
        block.text().substring(block.text().indexOf('{'), block.text().lastIndexOf('}') + 1);
    assertThat(MiniSchemaValidator.errors(TestSchemas.json(json), SCHEMA)).isEmpty();
  }

  @Test
  void shouldSendHalfTheJsonAsTextWhenMalformationIsTruncatedJson() {
    // given
    sim.inject(FaultRule.forRequest("m-trunc").malformed(Malformation.TRUNCATED_JSON));

    // when
    ContentBlock block = answerTo("m-trunc");

    // then
    assertThat(block.toolUse()).isNull();
    assertThat(block.text()).startsWith("{");
    assertThat(catchThrowable(() -> TestSchemas.json(block.text()))).isNotNull();
  }

  @Test
  void shouldSendAFieldOfTheWrongTypeWhenMalformationIsWrongTypes() {
    // given
    sim.inject(FaultRule.forRequest("m-type").malformed(Malformation.WRONG_TYPES));

    // when
    ContentBlock block = answerTo("m-type");

    // then
    List<String> errors =
        MiniSchemaValidator.errors(Documents.toJson(block.toolUse().input()), SCHEMA);
    assertThat(errors).hasSize(1);
    assertThat(errors.get(0)).contains("expected type");
  }

  @Test
  void shouldLeaveOutARequiredPropertyWhenMalformationIsMissingRequired() {
    // given
    sim.inject(FaultRule.forRequest("m-miss").malformed(Malformation.MISSING_REQUIRED));

    // when
    ContentBlock block = answerTo("m-miss");

    // then
    List<String> errors =
        MiniSchemaValidator.errors(Documents.toJson(block.toolUse().input()), SCHEMA);
    assertThat(errors).containsExactly("$: missing required property id");
  }

  @Test
  void shouldMalformEveryStructuredAnswerWhenTheMalformedRateIsOne() {
    // given
    sim.setScenario(
        Scenario.of(RegionConfig.named("us-east-1").withRates(new Rates(0, 0, 0, 0, 1.0))));

    // when
    int malformed = 0;
    for (int i = 0; i < 8; i++) {
      ContentBlock block = answerTo("rate-" + i);
      boolean valid =
          block.toolUse() != null
              && MiniSchemaValidator.errors(Documents.toJson(block.toolUse().input()), SCHEMA)
                  .isEmpty();
      malformed += valid ? 0 : 1;
    }

    // then
    assertThat(malformed).isEqualTo(8);
    sim.setScenario(Scenario.defaults());
  }

  @Test
  void shouldAnswerTheSameValueWhenTheSameRequestIdIsRetried() {
    // given
    ContentBlock first = answerTo("same-tool");

    // when
    ContentBlock second = answerTo("same-tool");

    // then
    assertThat(Documents.toJson(second.toolUse().input()))
        .isEqualTo(Documents.toJson(first.toolUse().input()));
    assertThat(
            client.converse(ToolRequests.forced("same-tool", "record_order", SCHEMA)).stopReason())
        .isEqualTo(StopReason.TOOL_USE);
  }
}
