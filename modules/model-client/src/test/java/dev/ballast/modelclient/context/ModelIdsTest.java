package dev.ballast.modelclient.context;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ModelIdsTest {

  private static final String CLAUDE = "anthropic.claude-3-haiku-20240307-v1:0";

  @Test
  void shouldStripGeographyPrefixWhenIdIsInferenceProfile() {
    // given
    String[] profiles = {
      "us." + CLAUDE,
      "eu." + CLAUDE,
      "apac." + CLAUDE,
      "jp." + CLAUDE,
      "global." + CLAUDE,
      "us-gov." + CLAUDE
    };

    // when / then
    for (String profile : profiles) {
      assertThat(ModelIds.base(profile)).as(profile).isEqualTo(CLAUDE);
    }
  }

  @Test
  void shouldKeepIdWhenItHasNoPrefix() {
    // given
    String plain = "meta.llama3-1-70b-instruct-v1:0";

    // when
    String base = ModelIds.base(plain);

    // then
    assertThat(base).isEqualTo(plain);
    assertThat(ModelIds.base("us.simple")).isEqualTo("us.simple");
  }

  @Test
  void shouldUseLastPathSegmentWhenIdIsArn() {
    // given
    String arn = "arn:aws:bedrock:us-east-1:123456789012:inference-profile/us." + CLAUDE;

    // when
    String base = ModelIds.base(arn);

    // then
    assertThat(base).isEqualTo(CLAUDE);
  }
}
