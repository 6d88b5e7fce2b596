package dev.ballast.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ballast.modelclient.LaneTiers;
import dev.ballast.modelclient.ServiceTier;
import dev.ballast.modelclient.StructuredOutput;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A route's options as read from configuration: per-lane service tier, structured output. */
class RouteOptionsConfigTest {

  private static Map<String, Object> tree(Map<String, Object> routeOptions) {
    Map<String, Object> route = new LinkedHashMap<>(routeOptions);
    route.put(
        "endpoints",
        List.of(
            Map.of(
                "provider", "bedrock",
                "model", "anthropic.claude-3-haiku-20240307-v1:0",
                "region", "us-east-1")));
    Map<String, Object> tree = new LinkedHashMap<>();
    tree.put("bootstrap.servers", "localhost:9092");
    tree.put("routes", Map.of("default", route));
    return tree;
  }

  @Test
  void shouldReadATierPerLaneWhenTheRouteNamesThem() {
    // given: the nested form, as a YAML file would have it
    Map<String, Object> tree =
        tree(Map.of("service", Map.of("tier", Map.of("online", "priority", "batch", "FLEX"))));

    // when
    BallastConfig config = BallastConfig.fromTree(tree, "test.yaml");

    // then
    assertThat(config.routes().get("default").tiers())
        .isEqualTo(new LaneTiers(ServiceTier.PRIORITY, ServiceTier.FLEX));
  }

  @Test
  void shouldNameNoTierWhenTheRouteSetsNone() {
    // given
    Map<String, Object> tree = tree(Map.of("service.tier.batch", "flex"));

    // when
    BallastConfig config = BallastConfig.fromTree(tree, "test.yaml");

    // then
    LaneTiers tiers = config.routes().get("default").tiers();
    assertThat(tiers.online()).isNull();
    assertThat(tiers.batch()).isEqualTo(ServiceTier.FLEX);
    assertThat(BallastConfig.fromTree(tree(Map.of()), "t").routes().get("default").tiers())
        .isEqualTo(LaneTiers.NONE);
  }

  @Test
  void shouldNameTheKeyAndTheAllowedTiersWhenATierIsUnknown() {
    // given
    Map<String, Object> tree = tree(Map.of("service.tier.batch", "cheap"));

    // when / then
    assertThatThrownBy(() -> BallastConfig.fromTree(tree, "test.yaml"))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "test.yaml: routes.default.service.tier.batch: unknown service tier 'cheap'"
                + " (known: [reserved, priority, default, flex])")
        .satisfies(
            e ->
                assertThat(((ConfigException) e).key())
                    .isEqualTo("routes.default.service.tier.batch"));
  }

  @Test
  void shouldRejectATierKeyWithoutALaneWhenRead() {
    // given: one tier for both lanes is not a form Ballast reads
    Map<String, Object> tree = tree(Map.of("service.tier", "flex"));

    // when / then
    assertThatThrownBy(() -> BallastConfig.fromTree(tree, "test.yaml"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("service.tier");
  }

  @Test
  void shouldAskThroughAToolUnlessTheRouteSaysNative() {
    // when
    BallastConfig plain = BallastConfig.fromTree(tree(Map.of()), "test.yaml");
    BallastConfig nested =
        BallastConfig.fromTree(tree(Map.of("output", Map.of("structured", "NATIVE"))), "t.yaml");

    // then
    assertThat(plain.routes().get("default").structuredOutput()).isEqualTo(StructuredOutput.TOOL);
    assertThat(nested.routes().get("default").structuredOutput())
        .isEqualTo(StructuredOutput.NATIVE);
  }

  @Test
  void shouldNameTheKeyAndTheModesWhenTheModeIsUnknown() {
    // given
    Map<String, Object> tree = tree(Map.of("output.structured", "json"));

    // when / then
    assertThatThrownBy(() -> BallastConfig.fromTree(tree, "test.yaml"))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "test.yaml: routes.default.output.structured: unknown structured output mode 'json'"
                + " (known: [tool, native])")
        .satisfies(
            e ->
                assertThat(((ConfigException) e).key())
                    .isEqualTo("routes.default.output.structured"));
  }
}
