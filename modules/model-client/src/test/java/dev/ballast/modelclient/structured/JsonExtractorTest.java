package dev.ballast.modelclient.structured;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ballast.modelclient.structured.JsonExtractor.Extracted;
import dev.ballast.modelclient.structured.JsonExtractor.Source;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class JsonExtractorTest {

  @Test
  void shouldTakeWholeTextWhenItIsJson() {
    // when
    Optional<Extracted> found = JsonExtractor.extract("  \n{\"a\": 1}\n ");

    // then
    assertThat(found).contains(new Extracted("{\"a\": 1}", Source.WHOLE));
  }

  @Test
  void shouldTakeFencedBlockWhenTaggedJson() {
    // given
    String text = "Here is the result:\n```json\n{\"a\": [1, 2]}\n```\nAnything else?";

    // when
    Optional<Extracted> found = JsonExtractor.extract(text);

    // then
    assertThat(found).contains(new Extracted("{\"a\": [1, 2]}", Source.FENCED));
  }

  @Test
  void shouldTakeFencedBlockWhenItHasNoLanguage() {
    // given
    String text = "Result:\n```\n[{\"a\": 1}]\n```";

    // when
    Optional<Extracted> found = JsonExtractor.extract(text);

    // then
    assertThat(found).contains(new Extracted("[{\"a\": 1}]", Source.FENCED));
  }

  @Test
  void shouldNotCallItFencedWhenBlockIsAnotherLanguage() {
    // given
    String text = "Code:\n```python\nprint({'a': 1})\n```\nand the answer {\"b\": 2}";

    // when
    Optional<Extracted> found = JsonExtractor.extract(text);

    // then
    assertThat(found).contains(new Extracted("{\"b\": 2}", Source.EMBEDDED));
  }

  @Test
  void shouldFindObjectWhenEmbeddedInProse() {
    // given
    String text = "Sure! The person is {\"name\": \"Ada\", \"age\": 36}. Hope that helps.";

    // when
    Optional<Extracted> found = JsonExtractor.extract(text);

    // then
    assertThat(found).contains(new Extracted("{\"name\": \"Ada\", \"age\": 36}", Source.EMBEDDED));
  }

  @Test
  void shouldRespectStringsWhenTheyContainBracketsAndEscapes() {
    // given
    String json = "{\"text\": \"a } tricky { \\\"quoted\\\" ] string\", \"n\": [1, {\"m\": 2}]}";
    String text = "Result: " + json + " — done {not json}";

    // when
    Optional<Extracted> found = JsonExtractor.extract(text);

    // then
    assertThat(found).contains(new Extracted(json, Source.EMBEDDED));
  }

  @Test
  void shouldSkipProseBracketsWhenTheyAreNotJson() {
    // given
    String text = "As noted [see above] and {in braces}, the answer is [1, 2, 3].";

    // when
    Optional<Extracted> found = JsonExtractor.extract(text);

    // then
    assertThat(found).contains(new Extracted("[1, 2, 3]", Source.EMBEDDED));
  }

  @Test
  void shouldFindNothingWhenJsonIsTruncated() {
    // when / then
    assertThat(JsonExtractor.extract("{\"a\": {\"b\": 1}, \"c\": [1, 2")).isEmpty();
    assertThat(JsonExtractor.extract("Here:\n```json\n{\"a\": {\"b\": 1}, \"c\": [1")).isEmpty();
    assertThat(JsonExtractor.extract("Here: {\"a\": \"unterminated } string")).isEmpty();
  }

  @Test
  void shouldFindNothingWhenTextHasNoJson() {
    // when / then
    assertThat(JsonExtractor.extract("I cannot answer that.")).isEmpty();
    assertThat(JsonExtractor.extract("")).isEmpty();
    assertThat(JsonExtractor.extract(null)).isEmpty();
  }

  @Test
  void shouldListFencedBlocksBeforeEmbeddedValuesWhenTextHasSeveral() {
    // given
    String text = "First {\"x\": 0} then\n```json\n{\"x\": 1}\n```\nand\n```\n{\"x\": 2}\n```";

    // when / then
    assertThat(JsonExtractor.candidates(text))
        .containsExactly(
            new Extracted("{\"x\": 1}", Source.FENCED),
            new Extracted("{\"x\": 2}", Source.FENCED),
            new Extracted("{\"x\": 0}", Source.EMBEDDED));
  }
}
