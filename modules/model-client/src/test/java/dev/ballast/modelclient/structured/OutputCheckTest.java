package dev.ballast.modelclient.structured;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ballast.modelclient.Endpoint;
import dev.ballast.modelclient.ModelResponse;
import dev.ballast.modelclient.Provider;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class OutputCheckTest {

  private static final Endpoint ENDPOINT =
      new Endpoint(Provider.BEDROCK, "anthropic.claude-3-haiku-20240307-v1:0", "us-east-1", null);
  private static final String VALID = "{\"name\":\"Ada\",\"age\":36}";
  private static final String WRONG_TYPE = "{\"name\":\"Ada\",\"age\":\"36\"}";

  private final SchemaValidator validator = SchemaValidator.create();

  private static ModelResponse response(String text, String json, String stopReason) {
    return new ModelResponse(ENDPOINT, text, json, stopReason, 10, 20, Duration.ofMillis(5), null);
  }

  private OutputCheck check(ModelResponse response) {
    return OutputCheck.check(response, SchemaValidatorTest.PERSON, validator);
  }

  @Test
  void shouldAcceptToolAnswerWhenItMatches() {
    // when
    OutputCheck result = check(response("", VALID, "tool_use"));

    // then
    assertThat(result).isEqualTo(new OutputCheck.Valid(VALID, false));
  }

  @Test
  void shouldPreferToolAnswerWhenTextHoldsOtherJson() {
    // when
    OutputCheck result = check(response("{\"name\":\"Bob\",\"age\":1}", WRONG_TYPE, "tool_use"));

    // then
    assertThat(result)
        .isEqualTo(
            new OutputCheck.Invalid(
                java.util.List.of("$.age: string found, integer expected"), WRONG_TYPE));
  }

  @Test
  void shouldMarkExtractedWhenJsonComesFromText() {
    // when
    OutputCheck fenced = check(response("Here:\n```json\n" + VALID + "\n```", null, "end_turn"));
    OutputCheck whole = check(response(VALID, null, "end_turn"));

    // then
    assertThat(fenced).isEqualTo(new OutputCheck.Valid(VALID, true));
    assertThat(whole).isEqualTo(new OutputCheck.Valid(VALID, true));
  }

  @Test
  void shouldTakeFirstCandidateThatMatchesWhenTextHoldsSeveral() {
    // given
    String text = "Example: {\"name\": 1}. Answer: " + VALID;

    // when
    OutputCheck result = check(response(text, null, "end_turn"));

    // then
    assertThat(result).isEqualTo(new OutputCheck.Valid(VALID, true));
  }

  @Test
  void shouldReportFirstCandidateErrorsWhenNoCandidateMatches() {
    // given
    String text = "The answer: " + WRONG_TYPE;

    // when
    OutputCheck result = check(response(text, null, "end_turn"));

    // then
    assertThat(result)
        .isEqualTo(
            new OutputCheck.Invalid(
                java.util.List.of("$.age: string found, integer expected"), text));
  }

  @Test
  void shouldSayNoJsonWasFoundWhenTextHasNone() {
    // when
    OutputCheck prose = check(response("I think Ada is 36.", null, "end_turn"));
    OutputCheck cut = check(response("{\"name\":\"Ada\",\"ag", null, "max_tokens"));
    OutputCheck empty = check(response("", null, "end_turn"));

    // then
    assertThat(((OutputCheck.Invalid) prose).errors())
        .containsExactly(
            "$: the answer contains no complete JSON value; expected JSON matching the schema");
    assertThat(((OutputCheck.Invalid) prose).rawAnswer()).isEqualTo("I think Ada is 36.");
    assertThat(((OutputCheck.Invalid) cut).errors())
        .singleElement()
        .asString()
        .endsWith("(the answer was cut off at the output token limit)");
    assertThat(((OutputCheck.Invalid) empty).errors())
        .containsExactly("$: the answer is empty; expected JSON matching the schema");
  }
}
