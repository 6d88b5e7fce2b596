package dev.ballast.modelclient.structured;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ballast.modelclient.ModelRequest;
import dev.ballast.modelclient.Turn;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ReaskTest {

  private final ModelRequest original =
      new ModelRequest(
          "r7",
          3,
          "Extract the person.",
          List.of(Turn.user("Ada, 36, lives at 12345.")),
          256,
          0.2f,
          null,
          List.of(),
          SchemaValidatorTest.PERSON);

  @Test
  void shouldAppendAnswerAndErrorsWhenAnswerIsInvalid() {
    // given
    OutputCheck.Invalid invalid =
        new OutputCheck.Invalid(
            List.of(
                "$.age: string found, integer expected", "$: required property 'name' not found"),
            "{\"age\":\"36\"}");

    // when
    ModelRequest reask = Reask.request(original, invalid);

    // then
    assertThat(reask.turns()).hasSize(3);
    assertThat(reask.turns().get(0)).isEqualTo(original.turns().get(0));
    assertThat(reask.turns().get(1)).isEqualTo(Turn.assistant("{\"age\":\"36\"}"));
    Turn ask = reask.turns().get(2);
    assertThat(ask.role()).isEqualTo(Turn.Role.USER);
    assertThat(ask.text())
        .startsWith("Your answer does not match the required JSON Schema.")
        .contains("- $.age: string found, integer expected\n")
        .contains("- $: required property 'name' not found\n")
        .contains("matches the schema exactly")
        .contains("only the JSON");
  }

  @Test
  void shouldKeepEveryOtherFieldWhenBuildingReask() {
    // when
    ModelRequest reask = Reask.request(original, "{}", List.of("$: x"));

    // then
    assertThat(reask.requestId()).isEqualTo("r7");
    assertThat(reask.attempt()).isEqualTo(3);
    assertThat(reask.system()).isEqualTo("Extract the person.");
    assertThat(reask.maxTokens()).isEqualTo(256);
    assertThat(reask.temperature()).isEqualTo(0.2f);
    assertThat(reask.responseSchema()).isEqualTo(SchemaValidatorTest.PERSON);
  }

  @Test
  void shouldBoundAnswerWhenItIsLong() {
    // given
    String answer = "HEAD" + "x".repeat(20_000) + "TAIL";

    // when
    ModelRequest reask = Reask.request(original, answer, List.of("$: x"));

    // then
    String repeated = reask.turns().get(1).text();
    assertThat(repeated.length()).isLessThanOrEqualTo(Reask.MAX_ANSWER_CHARS);
    assertThat(repeated).startsWith("HEAD").endsWith("TAIL").contains("characters omitted");
  }

  @Test
  void shouldBoundErrorsWhenThereAreMany() {
    // given
    List<String> errors =
        IntStream.range(0, 25).mapToObj(i -> "$.items[" + i + "]: " + "y".repeat(1_000)).toList();

    // when
    String ask = Reask.request(original, "[]", errors).turns().get(2).text();

    // then
    assertThat(ask.lines().filter(l -> l.startsWith("- $.items["))).hasSize(Reask.MAX_ERRORS);
    assertThat(ask).contains("- … and 5 more errors").doesNotContain("$.items[20]");
    assertThat(ask.lines().filter(l -> l.startsWith("- $")))
        .allMatch(l -> l.length() <= Reask.MAX_ERROR_CHARS + 2);
  }

  @Test
  void shouldSayEmptyAnswerWhenAnswerIsBlank() {
    // when
    ModelRequest reask = Reask.request(original, "  ", List.of("$: the answer is empty"));

    // then
    assertThat(reask.turns().get(1)).isEqualTo(Turn.assistant("(empty answer)"));
  }

  @Test
  void shouldContinuePrefillWhenOriginalEndsWithAssistantTurn() {
    // given
    ModelRequest prefilled =
        new ModelRequest(
            "r8",
            1,
            null,
            List.of(Turn.user("Give JSON."), Turn.assistant("{")),
            null,
            null,
            null,
            List.of(),
            "{}");

    // when
    ModelRequest reask = Reask.request(prefilled, "\"a\": }", List.of("$: not valid JSON"));

    // then
    assertThat(reask.turns())
        .extracting(Turn::role)
        .containsExactly(Turn.Role.USER, Turn.Role.ASSISTANT, Turn.Role.USER);
    assertThat(reask.turns().get(1).text()).isEqualTo("{\"a\": }");
  }
}
