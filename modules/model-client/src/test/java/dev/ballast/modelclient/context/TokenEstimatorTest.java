package dev.ballast.modelclient.context;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ballast.modelclient.ModelRequest;
import dev.ballast.modelclient.Turn;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class TokenEstimatorTest {

  private final TokenEstimator estimator = TokenEstimator.standard();

  static String words(int n) {
    return "word ".repeat(n).strip();
  }

  static ModelRequest request(String system, String schema, Turn... turns) {
    return new ModelRequest("r1", 1, system, List.of(turns), null, null, null, List.of(), schema);
  }

  @Test
  void shouldCountOneTokenPerWordWhenTextRepeatsACommonWord() {
    // when
    int tokens = estimator.estimate(words(100));

    // then
    assertThat(tokens).isEqualTo(100);
    assertThat(estimator.estimate("")).isZero();
    assertThat(estimator.estimate((String) null)).isZero();
  }

  @Test
  void shouldGrowMonotonicallyWhenTextGrows() {
    // given
    String sentence = "The quick brown fox jumps over the lazy dog; 42 times, naïvely. ";

    // when
    int[] counts =
        IntStream.rangeClosed(1, 20).map(n -> estimator.estimate(sentence.repeat(n))).toArray();

    // then
    for (int i = 1; i < counts.length; i++) {
      assertThat(counts[i]).isGreaterThan(counts[i - 1]);
    }
  }

  @Test
  void shouldAddMessageOverheadWhenRequestHasMoreTurns() {
    // given
    ModelRequest one = request(null, null, Turn.user(words(10)));
    ModelRequest two = request(null, null, Turn.user(words(10)), Turn.assistant(words(5)));

    // when
    int difference = estimator.estimate(two) - estimator.estimate(one);

    // then
    assertThat(difference).isEqualTo(5 + 4);
    assertThat(estimator.estimate(one)).isEqualTo(3 + 10 + 4);
  }

  @Test
  void shouldCountSystemPromptAndSchemaWhenPresent() {
    // given
    String schema = "{\"type\":\"object\",\"properties\":{\"age\":{\"type\":\"integer\"}}}";
    ModelRequest plain = request(null, null, Turn.user(words(10)));
    ModelRequest full = request(words(7), schema, Turn.user(words(10)));

    // when
    int difference = estimator.estimate(full) - estimator.estimate(plain);

    // then
    assertThat(difference).isEqualTo(7 + 3 + estimator.estimate(schema) + 8);
    assertThat(estimator.fixedTokens(full)).isEqualTo(estimator.estimate(full) - 14);
  }

  @Test
  void shouldUseConfiguredOverheadsWhenBuiltWithThem() {
    // given
    TokenEstimator custom =
        TokenEstimator.builder()
            .withEncoding("o200k_base")
            .withMessageOverhead(10)
            .withSystemOverhead(0)
            .withSchemaOverhead(300)
            .withReplyOverhead(0)
            .build();
    ModelRequest request = request(words(5), "{}", Turn.user(words(10)));

    // when
    int tokens = custom.estimate(request);

    // then
    assertThat(tokens).isEqualTo(5 + custom.estimate("{}") + 300 + 10 + 10);
    assertThat(custom.options().encoding()).isEqualTo("o200k_base");
  }

  @Test
  void shouldCountSpecialTokenMarkersAsTextWhenPromptContainsThem() {
    // when
    int tokens = estimator.estimate("say <|endoftext|> now");

    // then
    assertThat(tokens).isGreaterThan(3);
  }

  @Test
  void shouldNameEncodingWhenItIsUnknown() {
    // when / then
    assertThatThrownBy(() -> TokenEstimator.builder().withEncoding("p99k").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unknown token encoding 'p99k'; use cl100k_base or o200k_base");
    assertThatThrownBy(() -> TokenEstimator.builder().withMessageOverhead(-1).build())
        .hasMessage("messageOverhead must be >= 0, was -1");
  }

  @Test
  void shouldShareOneInstanceWhenStandardIsAskedTwice() {
    // when / then
    assertThat(TokenEstimator.standard()).isSameAs(TokenEstimator.standard());
  }

  @Test
  void shouldGiveSameCountsWhenUsedFromManyThreads() {
    // given
    String text = "Concurrent estimation must be deterministic. ".repeat(50);
    int expected = estimator.estimate(text);

    // when
    List<Integer> counts =
        IntStream.range(0, 200).parallel().mapToObj(i -> estimator.estimate(text)).toList();

    // then
    assertThat(counts).containsOnly(expected);
  }

  @Test
  void shouldCountSharedSystemPromptsAndSchemasAsTextsEachTimeTheyRecur() {
    // given: fresh estimators, so that nothing is looked up before the first count
    TokenEstimator shared = TokenEstimator.builder().build();
    String schema = "{\"type\":\"object\",\"properties\":{\"answer\":{\"type\":\"string\"}}}";
    String system = words(40);
    String other = "You are a terse assistant. " + words(7);
    String huge = words(TokenEstimator.MAX_SHARED_CHARS / 5 + 1);
    int plain = 3 + estimator.estimate(system) + 3 + estimator.estimate(schema) + 8;

    // when: the same texts again, as other String instances (as each request decodes them)
    int first = shared.fixedTokens(request(system, schema, Turn.user("hi")));
    int again =
        shared.fixedTokens(request(new String(system), new String(schema), Turn.user("hi")));
    int otherSystem = shared.fixedTokens(request(other, null, Turn.user("hi")));
    int longSystem = shared.fixedTokens(request(huge, null, Turn.user("hi")));

    // then
    assertThat(first).isEqualTo(plain);
    assertThat(again).isEqualTo(plain);
    assertThat(otherSystem).isEqualTo(3 + estimator.estimate(other) + 3);
    assertThat(longSystem).isEqualTo(3 + estimator.estimate(huge) + 3);
  }
}
