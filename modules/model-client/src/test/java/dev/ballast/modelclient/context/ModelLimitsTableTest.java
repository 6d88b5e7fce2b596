package dev.ballast.modelclient.context;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ModelLimitsTableTest {

  private static final String HAIKU = "anthropic.claude-3-haiku-20240307-v1:0";
  private static final ModelLimits DEFAULT = new ModelLimits(128_000, 4_096);
  private static final ModelLimits HAIKU_LIMITS = new ModelLimits(200_000, 4_096);

  @Test
  void shouldFindBaseModelWhenLookedUpByInferenceProfile() {
    // given
    ModelLimitsTable table = ModelLimitsTable.of(DEFAULT, Map.of(HAIKU, HAIKU_LIMITS));

    // when
    ModelLimits limits = table.limits("eu." + HAIKU);

    // then
    assertThat(limits).isEqualTo(HAIKU_LIMITS);
  }

  @Test
  void shouldNormalizeKeysWhenTableIsBuiltFromProfiles() {
    // given
    ModelLimitsTable table = ModelLimitsTable.of(DEFAULT, Map.of("us." + HAIKU, HAIKU_LIMITS));

    // when / then
    assertThat(table.limits(HAIKU)).isEqualTo(HAIKU_LIMITS);
    assertThat(table.entries()).containsOnlyKeys(HAIKU);
  }

  @Test
  void shouldGiveDefaultWhenModelIsNotListed() {
    // given
    ModelLimitsTable table = ModelLimitsTable.of(DEFAULT, Map.of(HAIKU, HAIKU_LIMITS));

    // when
    ModelLimits limits = table.limits("amazon.nova-pro-v1:0");

    // then
    assertThat(limits).isEqualTo(DEFAULT);
  }

  @Test
  void shouldRejectTwoIdsWhenTheyNameTheSameModel() {
    // given
    Map<String, ModelLimits> entries = Map.of(HAIKU, HAIKU_LIMITS, "us." + HAIKU, DEFAULT);

    // when / then
    assertThatThrownBy(() -> ModelLimitsTable.of(DEFAULT, entries))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("name the same model '" + HAIKU + "'");
  }

  @Test
  void shouldNameBadValueWhenLimitsAreInvalid() {
    // when / then
    assertThatThrownBy(() -> new ModelLimits(0, 10))
        .hasMessage("contextWindow must be >= 1, was 0");
    assertThatThrownBy(() -> new ModelLimits(1_000, 1_000))
        .hasMessage("maxOutputTokens must be in [1, contextWindow 1000), was 1000");
  }
}
