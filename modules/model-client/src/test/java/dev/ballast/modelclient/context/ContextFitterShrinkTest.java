package dev.ballast.modelclient.context;

import static dev.ballast.modelclient.context.Conversations.MODEL;
import static dev.ballast.modelclient.context.Conversations.assertAlternates;
import static dev.ballast.modelclient.context.Conversations.request;
import static dev.ballast.modelclient.context.Conversations.turns;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ballast.modelclient.ModelRequest;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class ContextFitterShrinkTest {

  private final TokenEstimator estimator = TokenEstimator.standard();
  private final Calibration calibration = Calibration.create();
  private final ModelRequest seven = request(turns(7, 100));
  private final int raw = estimator.estimate(seven);

  private ContextFitter fitter(ModelLimits limits) {
    return ContextFitter.builder(estimator, ModelLimitsTable.withDefault(limits))
        .withCalibration(calibration)
        .build();
  }

  private final ContextFitter roomy = fitter(new ModelLimits(200_000, 4_096));

  @Test
  void shouldShrinkBelowTargetLessMarginWhenShrinkingToProviderLimit() {
    // given
    int target = 500;

    // when
    FitResult result = roomy.shrink(seven, MODEL, target);

    // then
    assertThat(result.fits()).isTrue();
    assertThat(result.changed()).isTrue();
    assertThat(result.budget()).isEqualTo(490);
    assertThat(result.tokensAfter()).isLessThanOrEqualTo(490);
    assertAlternates(result.request());
  }

  @Test
  void shouldReportNoChangeWhenEstimateIsAlreadyBelowTarget() {
    // when
    FitResult result = roomy.shrink(seven, MODEL, 10_000);

    // then
    assertThat(result.changed()).isFalse();
    assertThat(result.request()).isSameAs(seven);
  }

  @Test
  void shouldSayItDoesNotFitWhenTargetIsBelowTheFixedTokens() {
    // when
    FitResult result = roomy.shrink(seven, MODEL, 10);

    // then
    assertThat(result.fits()).isFalse();
    assertThat(result.message())
        .isEqualTo(
            String.format(
                Locale.ROOT,
                "the request has %,d input tokens; %s takes at most 9"
                    + " (its limit of 10 input tokens less a 2%% safety margin)",
                raw,
                MODEL));
  }

  @Test
  void shouldLearnProviderCountWhenOverflowMessageStatesTokens() {
    // given
    String message = "prompt is too long: " + 2 * raw + " tokens > " + raw + " maximum";

    // when
    FitResult result = roomy.shrinkAfterOverflow(seven, MODEL, message);

    // then
    assertThat(calibration.factor(MODEL)).isEqualTo(2.0);
    assertThat(result.tokensBefore()).isEqualTo(2 * raw);
    assertThat(result.budget()).isEqualTo(raw - (int) Math.ceil(raw * 0.02));
    assertThat(result.fits()).isTrue();
    assertThat(result.tokensAfter()).isLessThanOrEqualTo(result.budget());
    assertAlternates(result.request());
  }

  @Test
  void shouldSubtractOutputTokensWhenOverflowMessageStatesTheWholeWindow() {
    // given
    ModelRequest request = withMaxTokens(seven, 200);
    String message =
        "This model's maximum context length is 1000 tokens. However, your messages resulted in"
            + " 1200 tokens. Please reduce the length of the messages.";

    // when
    FitResult result = roomy.shrinkAfterOverflow(request, MODEL, message);

    // then
    assertThat(result.budget()).isEqualTo(800 - 16);
    assertThat(result.fits()).isTrue();
    assertThat(calibration.factor(MODEL)).isEqualTo(1200.0 / raw);
  }

  @Test
  void shouldReadMessageTokensWhenOverflowMessageStatesRequestedTotal() {
    // given
    ModelRequest request = withMaxTokens(seven, 200);
    String message =
        "This model's maximum context length is 1000 tokens. However, you requested 1300 tokens"
            + " (1100 in the messages, 200 in the completion). Please reduce the length of the"
            + " messages or completion.";

    // when
    FitResult result = roomy.shrinkAfterOverflow(request, MODEL, message);

    // then
    assertThat(result.budget()).isEqualTo(800 - 16);
    assertThat(calibration.factor(MODEL)).isEqualTo(1100.0 / raw);
  }

  @Test
  void shouldRaiseCalibrationToWindowWhenOverflowMessageStatesNoNumbers() {
    // given
    ContextFitter fitter = fitter(new ModelLimits(raw + 100, 100));

    // when
    FitResult result =
        fitter.shrinkAfterOverflow(seven, MODEL, "Input is too long for requested model.");

    // then
    assertThat(calibration.factor(MODEL)).isEqualTo((raw + 1.0) / raw);
    assertThat(result.changed()).isTrue();
    assertThat(result.fits()).isTrue();
    assertThat(result.tokensAfter()).isLessThanOrEqualTo(result.budget());
  }

  private static ModelRequest withMaxTokens(ModelRequest r, int maxTokens) {
    return new ModelRequest(
        r.requestId(),
        r.attempt(),
        r.system(),
        r.turns(),
        maxTokens,
        r.temperature(),
        r.topP(),
        List.copyOf(r.stopSequences()),
        r.responseSchema());
  }
}
