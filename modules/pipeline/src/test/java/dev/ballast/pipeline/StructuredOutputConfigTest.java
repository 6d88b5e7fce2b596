package dev.ballast.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ballast.modelclient.StructuredOutput;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A route's way of asking Bedrock for a JSON Schema, as read from configuration. */
class StructuredOutputConfigTest {

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
