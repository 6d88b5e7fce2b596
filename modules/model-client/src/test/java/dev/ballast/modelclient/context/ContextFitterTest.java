package dev.ballast.modelclient.context;

import static dev.ballast.modelclient.context.Conversations.MODEL;
import static dev.ballast.modelclient.context.Conversations.SYSTEM;
import static dev.ballast.modelclient.context.Conversations.assertAlternates;
import static dev.ballast.modelclient.context.Conversations.cost;
import static dev.ballast.modelclient.context.Conversations.request;
import static dev.ballast.modelclient.context.Conversations.tags;
import static dev.ballast.modelclient.context.Conversations.turns;
import static dev.ballast.modelclient.context.Conversations.words;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ballast.modelclient.ModelRequest;
import dev.ballast.modelclient.Turn;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ContextFitterTest {

  private static final int OUTPUT = 100;

  private final TokenEstimator estimator = TokenEstimator.standard();
  private final ModelRequest seven = request(turns(7, 100));

  /** A fitter whose budget for requests without maxTokens is exactly {@code budget}. */
  private ContextFitter fitter(int budget, ContextPolicy policy) {
    return fitter(budget, policy, Calibration.create(), true);
  }

  private ContextFitter fitter(
      int budget, ContextPolicy policy, Calibration calibration, boolean lastResort) {
    return ContextFitter.builder(
            estimator, ModelLimitsTable.withDefault(new ModelLimits(budget + OUTPUT, OUTPUT)))
        .withPolicy(policy)
        .withSafetyMargin(0)
        .withCalibration(calibration)
        .withLastResortTruncation(lastResort)
        .build();
  }

  @Test
  void shouldReturnSameRequestWhenItFits() {
    // given
    int total = estimator.estimate(seven);

    // when
    FitResult result = fitter(total, ContextPolicy.DROP_MIDDLE).fit(seven, MODEL);

    // then
    assertThat(result.request()).isSameAs(seven);
    assertThat(result.fits()).isTrue();
    assertThat(result.changed()).isFalse();
    assertThat(result.tokensBefore()).isEqualTo(total).isEqualTo(result.tokensAfter());
    assertThat(result.budget()).isEqualTo(total);
    assertThat(result.message()).isEqualTo("fits: " + total + " of " + total + " input tokens");
  }

  @Test
  void shouldDropMiddleTurnsOldestFirstWhenOverBudget() {
    // given
    int budget = cost(estimator, seven, 0, 3, 4, 5, 6);

    // when
    FitResult result = fitter(budget, ContextPolicy.DROP_MIDDLE).fit(seven, MODEL);

    // then
    assertThat(result.fits()).isTrue();
    assertThat(result.changed()).isTrue();
    assertThat(tags(result.request())).containsExactly("t0", "t3", "t4", "t5", "t6");
    assertThat(result.turnsDropped()).isEqualTo(2);
    assertThat(result.turnsTruncated()).isZero();
    assertThat(result.tokensAfter()).isEqualTo(budget);
    assertThat(result.message())
        .isEqualTo(
            String.format(
                Locale.ROOT,
                "dropped 2 turns to fit: %,d → %,d of %,d input tokens",
                result.tokensBefore(),
                budget,
                budget));
    assertThat(result.tokensBefore()).isEqualTo(estimator.estimate(seven));
    assertAlternates(result.request());
  }

  @Test
  void shouldKeepFirstExchangeAndNewestTurnsWhenMiddleIsDropped() {
    // given
    int budget = cost(estimator, seven, 0, 5, 6) + 50;

    // when
    FitResult result = fitter(budget, ContextPolicy.DROP_MIDDLE).fit(seven, MODEL);

    // then
    assertThat(tags(result.request())).containsExactly("t0", "t5", "t6");
    assertThat(result.turnsDropped()).isEqualTo(4);
    assertAlternates(result.request());
  }

  @Test
  void shouldDropFirstExchangeWhenMiddleIsGoneAndStillOverBudget() {
    // given
    int budget = cost(estimator, seven, 6) + 50;

    // when
    FitResult result = fitter(budget, ContextPolicy.DROP_MIDDLE).fit(seven, MODEL);

    // then
    assertThat(tags(result.request())).containsExactly("t6");
    assertThat(result.turnsDropped()).isEqualTo(6);
    assertThat(result.turnsTruncated()).isZero();
  }

  @Test
  void shouldKeepNewestTurnsOnlyWhenDroppingOldest() {
    // given
    int budget = cost(estimator, seven, 2, 3, 4, 5, 6) - 1;

    // when
    FitResult result = fitter(budget, ContextPolicy.DROP_OLDEST).fit(seven, MODEL);

    // then
    assertThat(tags(result.request())).containsExactly("t4", "t5", "t6");
    assertThat(result.turnsDropped()).isEqualTo(4);
    assertAlternates(result.request());
  }

  @Test
  void shouldKeepSystemPromptAndEveryOtherFieldWhenTurnsAreDropped() {
    // given
    int budget = cost(estimator, seven, 6);

    // when
    ModelRequest fitted = fitter(budget, ContextPolicy.DROP_OLDEST).fit(seven, MODEL).request();

    // then
    assertThat(fitted.system()).isEqualTo(SYSTEM);
    assertThat(fitted.requestId()).isEqualTo("r1");
    assertThat(fitted.attempt()).isEqualTo(2);
    assertThat(fitted.temperature()).isEqualTo(0.5f);
    assertThat(fitted.topP()).isEqualTo(0.9f);
    assertThat(fitted.stopSequences()).containsExactly("STOP");
    assertThat(fitted.responseSchema()).isEqualTo(seven.responseSchema());
    assertThat(fitted.turns()).containsExactly(seven.turns().get(6));
  }

  @Test
  void shouldCutMiddleOfLargestTurnWhenTruncatingMiddle() {
    // given
    String document = "doc-start " + words(2_000) + " doc-end";
    ModelRequest request =
        request(List.of(Turn.user(document), Turn.assistant("t1 noted"), Turn.user("t2 summary?")));
    int budget = estimator.estimate(request) - 500;

    // when
    FitResult result = fitter(budget, ContextPolicy.TRUNCATE_MIDDLE).fit(request, MODEL);

    // then
    assertThat(result.fits()).isTrue();
    assertThat(result.turnsDropped()).isZero();
    assertThat(result.turnsTruncated()).isEqualTo(1);
    assertThat(result.tokensAfter()).isLessThanOrEqualTo(budget);
    String cut = result.request().turns().get(0).text();
    assertThat(cut).startsWith("doc-start word").endsWith("word doc-end");
    assertThat(cut).containsPattern("\\[… [0-9,]+ tokens omitted …]");
    assertThat(result.request().turns().subList(1, 3))
        .containsExactlyElementsOf(request.turns().subList(1, 3));
  }

  @Test
  void shouldDropTurnsLikeDropMiddleWhenNoSingleTurnCanAbsorbTheExcess() {
    // given
    int budget = cost(estimator, seven, 0, 5, 6) + 50;

    // when
    FitResult truncating = fitter(budget, ContextPolicy.TRUNCATE_MIDDLE).fit(seven, MODEL);
    FitResult dropping = fitter(budget, ContextPolicy.DROP_MIDDLE).fit(seven, MODEL);

    // then
    assertThat(truncating.request()).isEqualTo(dropping.request());
    assertThat(truncating.turnsTruncated()).isZero();
  }

  @Test
  void shouldTruncateLastUserTurnWhenItAloneIsTooLarge() {
    // given
    ModelRequest request = request(List.of(Turn.user("start " + words(5_000) + " end")));

    // when
    FitResult result = fitter(1_000, ContextPolicy.DROP_MIDDLE).fit(request, MODEL);

    // then
    assertThat(result.fits()).isTrue();
    assertThat(result.changed()).isTrue();
    assertThat(result.turnsTruncated()).isEqualTo(1);
    assertThat(result.tokensAfter()).isLessThanOrEqualTo(1_000).isGreaterThan(900);
    String cut = result.request().turns().get(0).text();
    assertThat(cut).startsWith("start word").endsWith("word end").contains("tokens omitted");
    assertThat(result.message())
        .isEqualTo(
            String.format(
                Locale.ROOT,
                "cut 1 turn to fit: %,d → %,d of 1,000 input tokens",
                result.tokensBefore(),
                result.tokensAfter()));
  }

  @Test
  void shouldTruncateLastUserTurnAfterDroppingAllEarlierTurns() {
    // given
    List<Turn> turns = new ArrayList<>(turns(6, 100));
    turns.add(Turn.user("t6 " + words(3_000)));
    ModelRequest request = request(turns);

    // when
    FitResult result = fitter(1_000, ContextPolicy.DROP_MIDDLE).fit(request, MODEL);

    // then
    assertThat(result.fits()).isTrue();
    assertThat(tags(result.request())).containsExactly("t6");
    assertThat(result.turnsDropped()).isEqualTo(6);
    assertThat(result.turnsTruncated()).isEqualTo(1);
    assertThat(result.message()).startsWith("dropped 6 turns and cut 1 to fit: ");
  }

  @Test
  void shouldSayItDoesNotFitWithTheNumbersWhenLastResortIsDisabled() {
    // given
    ContextFitter fitter =
        ContextFitter.builder(
                estimator,
                ModelLimitsTable.of(
                    new ModelLimits(8_000, 1_000), Map.of(MODEL, new ModelLimits(200_000, 4_096))))
            .withLastResortTruncation(false)
            .build();
    ModelRequest request = ModelRequest.of("r1", words(250_000));

    // when
    FitResult result = fitter.fit(request, "us." + MODEL);

    // then
    assertThat(result.fits()).isFalse();
    assertThat(result.changed()).isFalse();
    assertThat(result.request()).isSameAs(request);
    assertThat(result.tokensBefore()).isEqualTo(250_007);
    assertThat(result.budget()).isEqualTo(191_904);
    assertThat(result.message())
        .isEqualTo(
            "the request has 250,007 input tokens; us."
                + MODEL
                + " takes at most 191,904 with 4,096 output tokens"
                + " (a 200,000-token context window, 2% safety margin)");
  }

  @Test
  void shouldSayItDoesNotFitWhenSystemPromptAloneExceedsBudget() {
    // given
    ModelRequest request =
        new ModelRequest(
            "r1", 1, words(2_000), List.of(Turn.user("hi")), null, null, null, List.of(), null);

    // when
    FitResult result = fitter(1_000, ContextPolicy.TRUNCATE_MIDDLE).fit(request, MODEL);

    // then
    assertThat(result.fits()).isFalse();
    assertThat(result.request()).isSameAs(request);
    assertThat(result.message())
        .startsWith(
            String.format(
                Locale.ROOT,
                "the request has %,d input tokens; %s takes at most 1,000",
                estimator.estimate(request),
                MODEL));
  }

  @Test
  void shouldReserveRequestedOutputTokensWhenRequestSetsMaxTokens() {
    // given
    ContextFitter fitter =
        ContextFitter.builder(estimator, ModelLimitsTable.withDefault(new ModelLimits(10_000, 100)))
            .build();
    ModelRequest withMax =
        new ModelRequest("r1", 1, null, List.of(Turn.user("x")), 500, null, null, null, null);

    // when / then
    assertThat(fitter.budget(withMax, MODEL)).isEqualTo(10_000 - 500 - 200);
    assertThat(fitter.budget(ModelRequest.of("r2", "x"), MODEL)).isEqualTo(10_000 - 100 - 200);
    assertThat(fitter.outputTokens(withMax, MODEL)).isEqualTo(500);
  }

  @Test
  void shouldCountCalibratedTokensWhenModelIsCalibrated() {
    // given
    Calibration calibration = Calibration.create();
    calibration.observe(MODEL, 1_000, 2_000);
    int raw = estimator.estimate(seven);

    // when
    FitResult result = fitter(raw, ContextPolicy.DROP_MIDDLE, calibration, true).fit(seven, MODEL);

    // then
    assertThat(result.tokensBefore()).isEqualTo(2 * raw);
    assertThat(result.tokensAfter()).isLessThanOrEqualTo(raw);
    assertThat(tags(result.request())).containsExactly("t0", "t5", "t6");
    assertThat(fitter(raw, ContextPolicy.DROP_MIDDLE, calibration, true).estimate(seven, MODEL))
        .isEqualTo(2 * raw);
  }

  @Test
  void shouldRestoreAlternationWhenConversationHasConsecutiveUserTurns() {
    // given
    ModelRequest request =
        request(
            List.of(
                Turn.user("t0 " + words(50)),
                Turn.user("t1 " + words(50)),
                Turn.assistant("t2 " + words(50)),
                Turn.user("t3 " + words(50))));
    int budget = cost(estimator, request, 0, 2, 3);

    // when
    FitResult result = fitter(budget, ContextPolicy.DROP_MIDDLE).fit(request, MODEL);

    // then
    assertThat(tags(result.request())).containsExactly("t0", "t2", "t3");
    assertAlternates(result.request());
  }
}
