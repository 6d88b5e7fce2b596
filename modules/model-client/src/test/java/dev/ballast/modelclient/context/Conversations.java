package dev.ballast.modelclient.context;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ballast.modelclient.ModelRequest;
import dev.ballast.modelclient.Turn;
import java.util.ArrayList;
import java.util.List;

/** Test conversations with predictable token counts. */
final class Conversations {

  static final String MODEL = "anthropic.claude-3-haiku-20240307-v1:0";
  static final String SYSTEM = "You are a terse assistant.";

  private Conversations() {}

  /** {@code n} tokens: one per word. */
  static String words(int n) {
    return "word ".repeat(n).strip();
  }

  /** {@code count} alternating turns starting with a user turn, each tagged {@code t<i>}. */
  static List<Turn> turns(int count, int wordsPerTurn) {
    List<Turn> turns = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String text = "t" + i + " " + words(wordsPerTurn);
      turns.add(i % 2 == 0 ? Turn.user(text) : Turn.assistant(text));
    }
    return turns;
  }

  static ModelRequest request(List<Turn> turns) {
    return new ModelRequest(
        "r1", 2, SYSTEM, turns, null, 0.5f, 0.9f, List.of("STOP"), "{\"type\":\"object\"}");
  }

  /** Estimated tokens of the request with only the turns at the given indexes. */
  static int cost(TokenEstimator estimator, ModelRequest request, int... kept) {
    int total = estimator.fixedTokens(request);
    for (int index : kept) {
      total += estimator.estimate(request.turns().get(index));
    }
    return total;
  }

  /** The tags ({@code t<i>}) of the turns, in order. */
  static List<String> tags(ModelRequest request) {
    return request.turns().stream().map(t -> t.text().substring(0, t.text().indexOf(' '))).toList();
  }

  /** Starts with a user turn, alternates, ends with a user turn. */
  static void assertAlternates(ModelRequest request) {
    List<Turn> turns = request.turns();
    assertThat(turns.get(0).role()).isEqualTo(Turn.Role.USER);
    assertThat(turns.get(turns.size() - 1).role()).isEqualTo(Turn.Role.USER);
    for (int i = 1; i < turns.size(); i++) {
      assertThat(turns.get(i).role()).as("turn %d", i).isNotEqualTo(turns.get(i - 1).role());
    }
  }
}
