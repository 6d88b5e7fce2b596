package dev.ballast.modelclient.context;

import static dev.ballast.modelclient.context.Conversations.MODEL;
import static dev.ballast.modelclient.context.Conversations.SYSTEM;
import static dev.ballast.modelclient.context.Conversations.assertAlternates;
import static dev.ballast.modelclient.context.Conversations.cost;
import static dev.ballast.modelclient.context.Conversations.request;
import static dev.ballast.modelclient.context.Conversations.turns;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ballast.modelclient.ModelRequest;
import dev.ballast.modelclient.Turn;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SummaryPlannerTest {

  private static final int SUMMARY_TOKENS = 50;

  private final TokenEstimator estimator = TokenEstimator.standard();
  private final SummaryPlanner planner =
      new SummaryPlanner(
          estimator, Calibration.create(), SUMMARY_TOKENS, SummaryPlanner.DEFAULT_INSTRUCTIONS);
  private final ModelRequest seven = request(turns(7, 100));

  /** Room the planner keeps for the summary turn and an acknowledgement. */
  private int reserve() {
    return SUMMARY_TOKENS
        + estimator.estimate(Turn.user(SummaryPlanner.SUMMARY_PREFIX))
        + estimator.estimate(Turn.assistant(SummaryPlanner.ACKNOWLEDGEMENT));
  }

  @Test
  void shouldPlanNothingWhenRequestFits() {
    // when
    Optional<SummaryPlan> plan = planner.plan(seven, MODEL, estimator.estimate(seven));

    // then
    assertThat(plan).isEmpty();
  }

  @Test
  void shouldPlanNothingWhenOnlyTheLastUserTurnIsLeft() {
    // given
    ModelRequest single = request(List.of(Turn.user("t0 " + Conversations.words(500))));

    // when
    Optional<SummaryPlan> plan = planner.plan(single, MODEL, 100);

    // then
    assertThat(plan).isEmpty();
  }

  @Test
  void shouldSummarizeOlderTurnsAndKeepNewestWhenOverBudget() {
    // given
    int budget = cost(estimator, seven, 4, 5, 6) + reserve();

    // when
    SummaryPlan plan = planner.plan(seven, MODEL, budget).orElseThrow();

    // then
    assertThat(plan.summarizedTurns()).isEqualTo(4);
    assertThat(plan.summarizedTokens())
        .isEqualTo(cost(estimator, seven, 0, 1, 2, 3) - cost(estimator, seven));
    ModelRequest ask = plan.summaryRequest();
    assertThat(ask.requestId()).isEqualTo("r1:summary");
    assertThat(ask.system()).isEqualTo(SummaryPlanner.DEFAULT_INSTRUCTIONS);
    assertThat(ask.maxTokens()).isEqualTo(SUMMARY_TOKENS);
    assertThat(ask.responseSchema()).isNull();
    assertThat(ask.turns()).hasSize(1);
    String transcript = ask.turns().get(0).text();
    assertThat(transcript)
        .contains("User: " + seven.turns().get(0).text())
        .contains("Assistant: " + seven.turns().get(3).text())
        .doesNotContain("t4 ")
        .doesNotContain(SYSTEM);
  }

  @Test
  void shouldGiveSameHashWhenSameTurnsArePlannedAgain() {
    // given
    int budget = cost(estimator, seven, 4, 5, 6) + reserve();
    ModelRequest copy = request(turns(7, 100));

    // when
    SummaryPlan first = planner.plan(seven, MODEL, budget).orElseThrow();
    SummaryPlan second = planner.plan(copy, MODEL, budget).orElseThrow();

    // then
    assertThat(first.contentHash()).isEqualTo(second.contentHash()).hasSize(64);
    assertThat(first.contentHash())
        .isEqualTo(SummaryPlanner.contentHash(seven.turns().subList(0, 4)));
  }

  @Test
  void shouldGiveDifferentHashWhenTurnsDiffer() {
    // given
    List<Turn> a = List.of(Turn.user("ab"), Turn.assistant("c"));
    List<Turn> b = List.of(Turn.user("a"), Turn.assistant("bc"));
    List<Turn> c = List.of(Turn.assistant("ab"), Turn.assistant("c"));

    // when / then
    assertThat(SummaryPlanner.contentHash(a))
        .isNotEqualTo(SummaryPlanner.contentHash(b))
        .isNotEqualTo(SummaryPlanner.contentHash(c));
    assertThat(SummaryPlanner.contentHash(List.of()))
        .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  }

  @Test
  void shouldInsertAcknowledgementWhenKeptTurnsStartWithUserTurn() {
    // given
    SummaryPlan plan =
        planner.plan(seven, MODEL, cost(estimator, seven, 4, 5, 6) + reserve()).orElseThrow();

    // when
    ModelRequest applied = planner.apply(seven, plan, "  The user asked about words.  ");

    // then
    assertThat(applied.turns())
        .containsExactly(
            Turn.user(SummaryPlanner.SUMMARY_PREFIX + "The user asked about words."),
            Turn.assistant(SummaryPlanner.ACKNOWLEDGEMENT),
            seven.turns().get(4),
            seven.turns().get(5),
            seven.turns().get(6));
    assertAlternates(applied);
    assertThat(applied.system()).isEqualTo(SYSTEM);
    assertThat(applied.responseSchema()).isEqualTo(seven.responseSchema());
    assertThat(applied.attempt()).isEqualTo(seven.attempt());
  }

  @Test
  void shouldNotAcknowledgeWhenKeptTurnsStartWithAssistantTurn() {
    // given
    SummaryPlan plan =
        planner.plan(seven, MODEL, cost(estimator, seven, 3, 4, 5, 6) + reserve()).orElseThrow();

    // when
    ModelRequest applied = planner.apply(seven, plan, "summary");

    // then
    assertThat(plan.summarizedTurns()).isEqualTo(3);
    assertThat(applied.turns()).hasSize(5);
    assertThat(applied.turns().subList(1, 5))
        .containsExactlyElementsOf(seven.turns().subList(3, 7));
    assertAlternates(applied);
  }

  @Test
  void shouldRejectPlanWhenAppliedToOtherTurns() {
    // given
    SummaryPlan plan =
        planner.plan(seven, MODEL, cost(estimator, seven, 4, 5, 6) + reserve()).orElseThrow();
    ModelRequest other = request(turns(7, 90));

    // when / then
    assertThatThrownBy(() -> planner.apply(other, plan, "summary"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(plan.contentHash())
        .hasMessageContaining("request r1");
    assertThatThrownBy(() -> planner.apply(seven, plan, " "))
        .hasMessage("summary must not be blank");
  }
}
