package dev.ballast.modelclient;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ballast.schemas.ReasonCode;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AnswerFailuresTest {

  private static final Endpoint E = new Endpoint(Provider.BEDROCK, "m", "us-east-1", null);
  private static final ModelRequest PLAIN = ModelRequest.of("r", "hello").withMaxTokens(100);
  private static final ModelRequest STRUCTURED =
      new ModelRequest(
          "r",
          1,
          null,
          List.of(Turn.user("rate it")),
          100,
          null,
          null,
          List.of(),
          "{\"type\":\"object\"}");

  private static ModelResponse answer(String text, String json, String stop, int outputTokens) {
    return new ModelResponse(E, text, json, stop, 10, outputTokens, Duration.ZERO, "rid");
  }

  @ParameterizedTest
  @CsvSource({
    // stop reason,                 class,            reason code
    "model_context_window_exceeded, CONTEXT_OVERFLOW, CONTEXT_OVERFLOW",
    "content_filtered,              PERMANENT,        CONTENT_FILTERED",
    "guardrail_intervened,          PERMANENT,        CONTENT_FILTERED",
    "content_filter,                PERMANENT,        CONTENT_FILTERED",
    "malformed_model_output,        MALFORMED_OUTPUT, INVALID_OUTPUT",
    "malformed_tool_use,            MALFORMED_OUTPUT, INVALID_OUTPUT"
  })
  void shouldFailAnAnswerWhoseStopReasonSaysItCannotBeUsed(
      String stop, FailureClass failureClass, ReasonCode code) {
    // when: even with text in it
    Failure f = ErrorClassifier.classifyAnswer(PLAIN, answer("partial", null, stop, 5));

    // then
    assertThat(f.failureClass()).isEqualTo(failureClass);
    assertThat(f.reasonCode()).isEqualTo(code);
    assertThat(f.errorType()).isEqualTo("stopReason:" + stop);
  }

  @Test
  void shouldFailAnEmptyAnswerWhateverItsShape() {
    assertThat(ErrorClassifier.classifyAnswer(PLAIN, answer("", null, "end_turn", 0)).reasonCode())
        .isEqualTo(ReasonCode.EMPTY_ANSWER);
    assertThat(ErrorClassifier.classifyAnswer(PLAIN, answer("", null, "stop", 0)).reasonCode())
        .isEqualTo(ReasonCode.EMPTY_ANSWER);
    assertThat(
            ErrorClassifier.classifyAnswer(PLAIN, answer("  \n", null, "end_turn", 2)).reasonCode())
        .isEqualTo(ReasonCode.EMPTY_ANSWER);
  }

  @Test
  void shouldFailFastOnAStructuredAnswerCutOffAtMaxTokensButKeepAPlainOne() {
    // when
    Failure bedrock =
        ErrorClassifier.classifyAnswer(STRUCTURED, answer("", "{\"a\":", "max_tokens", 100));
    Failure openAi =
        ErrorClassifier.classifyAnswer(STRUCTURED, answer("{\"a\":", null, "length", 100));
    Failure plain =
        ErrorClassifier.classifyAnswer(PLAIN, answer("a long", null, "max_tokens", 100));

    // then
    assertThat(bedrock.reasonCode()).isEqualTo(ReasonCode.OUTPUT_TRUNCATED);
    assertThat(bedrock.failureClass()).isEqualTo(FailureClass.PERMANENT);
    assertThat(bedrock.message()).contains("maxTokens = 100");
    assertThat(openAi.reasonCode()).isEqualTo(ReasonCode.OUTPUT_TRUNCATED);
    assertThat(plain).isNull();
  }

  @Test
  void shouldAcceptAnOrdinaryAnswer() {
    assertThat(ErrorClassifier.classifyAnswer(PLAIN, answer("hi", null, "end_turn", 2))).isNull();
    assertThat(ErrorClassifier.classifyAnswer(STRUCTURED, answer("", "{}", "tool_use", 2)))
        .isNull();
  }
}
