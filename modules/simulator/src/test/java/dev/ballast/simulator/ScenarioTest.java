package dev.ballast.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ScenarioTest {

  static final String FULL =
      """
      seed: 7
      regions:
        - name: us-east-1
          port: 0
          latency: {distribution: lognormal, median: 300ms, p99: 2s}
          perOutputToken: 2ms
          quotas:
            - model: "*"
              requestsPerMinute: 600
              tokensPerMinute: 200000
          rates: {throttle: 0.01, internalError: 0.005, serviceUnavailable: 0.005, modelTimeout: 0.001, malformed: 0.02}
          outages:
            - start: 10s
              duration: 45m
              error: ServiceUnavailableException
              models: ["*"]
        - name: us-west-2
          latency: {distribution: uniform, min: 100ms, max: 400ms}
      models:
        - id: anthropic.claude-3-haiku-20240307-v1:0
          contextWindow: 200000
          maxOutputTokens: 4096
          overflowMessage: anthropic
          outputTokens: {distribution: uniform, min: 20, max: 120}
      strictModels: true
      faults:
        - requestId: r-17
          attempts: [1, 2]
          region: us-east-1
          error: ThrottlingException
          retryAfter: 2s
        - requestIdPrefix: slow-
          delay: 5s
        - requestId: m-1
          malformed: truncatedJson
      """;

  @Test
  void shouldReadEveryKeyWhenTheScenarioIsComplete() {
    // when
    Scenario s = Scenarios.parse(FULL);

    // then
    assertThat(s.seed()).isEqualTo(7);
    assertThat(s.regions())
        .extracting(RegionConfig::name)
        .containsExactly("us-east-1", "us-west-2");
    RegionConfig east = s.primary();
    assertThat(east.latency()).isEqualTo(Distribution.lognormal(300, 2000));
    assertThat(east.perOutputToken()).isEqualTo(Duration.ofMillis(2));
    assertThat(east.quotas()).containsExactly(new Quota("*", 600, 200_000));
    assertThat(east.rates()).isEqualTo(new Rates(0.01, 0.005, 0.005, 0.001, 0.02));
    assertThat(east.outages())
        .containsExactly(
            new Outage(
                Duration.ofSeconds(10),
                Duration.ofMinutes(45),
                ErrorType.SERVICE_UNAVAILABLE,
                List.of("*")));
    assertThat(s.regions().get(1).latency()).isEqualTo(Distribution.uniform(100, 400));
    assertThat(s.models())
        .containsExactly(
            new ModelConfig(
                "anthropic.claude-3-haiku-20240307-v1:0",
                200_000,
                4096,
                OverflowStyle.ANTHROPIC,
                Distribution.uniform(20, 120)));
    assertThat(s.strictModels()).isTrue();
    assertThat(s.faults())
        .containsExactly(
            FaultRule.forRequest("r-17")
                .onAttempts(1, 2)
                .inRegion("us-east-1")
                .error(ErrorType.THROTTLING)
                .retryAfter(Duration.ofSeconds(2)),
            FaultRule.forRequestPrefix("slow-").delay(Duration.ofSeconds(5)),
            FaultRule.forRequest("m-1").malformed(Malformation.TRUNCATED_JSON));
  }

  @Test
  void shouldReadEveryNewFaultKeyAndModelKeyWhenAScenarioGivesThem() {
    // when
    Scenario s =
        Scenarios.parse(
            """
            regions:
              - name: us-east-1
                conversationChecks: ["anthropic.*", "mistral.*"]
            models:
              - id: meta.llama3-70b-instruct-v1:0
                overflowMessage: inputTokenCount
                perOutputToken: 20ms
                conversationChecks: true
                nativeStructuredOutput: true
            faults:
              - requestIdPrefix: t-
                error: ThrottlingException
                retryAfter: 10800s
                hints: [retry-after, x-ratelimit-reset-requests]
                headers: {retry-after-ms: "-1"}
              - structured: true
                promptContains: "[[poison]]"
                model: claude
                error: ModelErrorException
              - requestId: e-1
                emptyAnswer: nullContent
              - requestId: c-1
                stopReason: content_filtered
              - requestId: l-1
                outputTokens: 4000
                delay: 1s
              - requestId: o-1
                error: Overloaded
            """);

    // then
    assertThat(s.primary().conversationChecks()).containsExactly("anthropic.*", "mistral.*");
    assertThat(s.models())
        .containsExactly(
            ModelConfig.defaultsFor("meta.llama3-70b-instruct-v1:0")
                .withOverflowMessage(OverflowStyle.INPUT_TOKEN_COUNT)
                .withPerOutputToken(Duration.ofMillis(20))
                .withConversationChecks(true)
                .withNativeStructuredOutput(true));
    assertThat(s.faults())
        .containsExactly(
            FaultRule.forRequestPrefix("t-")
                .error(ErrorType.THROTTLING)
                .retryAfter(Duration.ofHours(3))
                .hints(RateLimitHint.RETRY_AFTER, RateLimitHint.OPENAI_RESET_REQUESTS)
                .header("retry-after-ms", "-1"),
            FaultRule.any()
                .forModel("claude")
                .whenStructured(true)
                .whenPromptContains("[[poison]]")
                .error(ErrorType.MODEL_ERROR),
            FaultRule.forRequest("e-1").emptyAnswer(EmptyAnswer.NULL_CONTENT),
            FaultRule.forRequest("c-1").stopReason(StopReason.CONTENT_FILTERED),
            FaultRule.forRequest("l-1").outputTokens(4000).delay(Duration.ofSeconds(1)),
            FaultRule.forRequest("o-1").error(ErrorType.OVERLOADED));
  }

  @Test
  void shouldUseDefaultsWhenKeysAreLeftOut() {
    // when
    Scenario s = Scenarios.parse("regions: [{name: eu-west-1}]");

    // then
    assertThat(s.seed()).isEqualTo(42);
    assertThat(s.primary()).isEqualTo(RegionConfig.named("eu-west-1"));
    assertThat(s.models()).isEmpty();
    assertThat(s.faults()).isEmpty();
  }

  static Stream<List<String>> badScenarios() {
    return Stream.of(
        List.of(
            "regions:\n  - name: a\n    latncy: 5ms\n",
            "regions[0]: unknown key 'latncy' (known: name, port, latency, perOutputToken, quotas,"
                + " rates, outages, conversationChecks, quotaHints)"),
        List.of(
            "regions:\n  - name: a\n  - name: b\n    latency: {distribution: normal, value: 1ms}\n",
            "regions[1].latency.distribution: unknown distribution 'normal' (known: fixed, uniform,"
                + " lognormal)"),
        List.of(
            "regions:\n  - name: a\n    latency: {distribution: lognormal, median: 300, p99: 2s}\n",
            "regions[0].latency.median: expected a duration like 250ms, 5s, 2m"),
        List.of(
            "regions:\n  - name: a\n    latency: {distribution: lognormal, median: 3s, p99: 2s}\n",
            "regions[0].latency: p99 (2000.0) must be >= median (3000.0)"),
        List.of(
            "regions:\n  - name: a\n    rates: {throttle: 1.5}\n",
            "regions[0].rates.throttle: expected a probability between 0 and 1"),
        List.of(
            "regions:\n  - name: a\n    outages: [{start: 1s}]\n",
            "regions[0].outages[0].duration: is required"),
        List.of("regions:\n  - port: 1\n", "regions[0].name: is required"),
        List.of(
            "regions:\n  - name: a\n  - name: a\n", "regions[1].name: region 'a' is listed twice"),
        List.of(
            "faults:\n  - requestId: x\n    error: Throttle\n",
            "faults[0].error: unknown error type 'Throttle'"),
        List.of(
            "faults:\n  - requestId: x\n    region: nowhere\n    error: THROTTLING\n",
            "faults[0].region: unknown region 'nowhere' (known: [us-east-1])"),
        List.of("faults:\n  - requestId: x\n", "faults[0]: fault rule"),
        List.of(
            "models:\n  - id: m\n    overflowMessage: gpt\n",
            "models[0].overflowMessage: unknown overflowMessage 'gpt'"),
        List.of("sed: 1\n", "(top level): unknown key 'sed'"),
        List.of(
            "faults:\n  - requestId: x\n    error: THROTTLING\n    retryAfter: 1s\n"
                + "    hints: [retry-later]\n",
            "faults[0].hints: unknown rate-limit hint 'retry-later'"),
        List.of(
            "faults:\n  - requestId: x\n    stopReason: stopped\n",
            "faults[0].stopReason: unknown stop reason 'stopped'"),
        List.of(
            "faults:\n  - requestId: x\n    emptyAnswer: none\n",
            "faults[0].emptyAnswer: unknown empty answer 'none'"),
        List.of("seed: [1\n", "invalid YAML at line"),
        List.of("seed: 1\nseed: 2\n", "invalid YAML"));
  }

  @ParameterizedTest
  @MethodSource("badScenarios")
  void shouldNameTheKeyPathAndTheProblemWhenTheScenarioIsInvalid(List<String> yamlAndError) {
    // then
    assertThatThrownBy(() -> Scenarios.parse(yamlAndError.get(0)))
        .isInstanceOf(ScenarioException.class)
        .hasMessageContaining(yamlAndError.get(1));
  }

  @Test
  void shouldNameTheFileWhenALoadedScenarioIsInvalid(@TempDir Path dir) throws IOException {
    // given
    Path file = dir.resolve("broken.yaml");
    Files.writeString(file, "regions:\n  - name: a\n    port: 70000\n");

    // then
    assertThatThrownBy(() -> Scenarios.load(file))
        .isInstanceOf(ScenarioException.class)
        .hasMessageStartingWith(file + ": regions[0].port: expected a port in 0..65535");
  }

  @Test
  void shouldNameTheFileWhenTheScenarioCannotBeRead(@TempDir Path dir) {
    // then
    assertThatThrownBy(() -> Scenarios.load(dir.resolve("missing.yaml")))
        .isInstanceOf(ScenarioException.class)
        .hasMessageContaining("missing.yaml");
  }

  static Stream<Path> examples() throws IOException {
    try (Stream<Path> files = Files.list(Path.of("../../examples/scenarios"))) {
      return files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList().stream();
    }
  }

  @ParameterizedTest
  @MethodSource("examples")
  void shouldLoadEveryExampleScenarioWhenShipped(Path file) {
    // when
    Scenario s = Scenarios.load(file);

    // then
    assertThat(s.regions()).isNotEmpty();
  }

  @Test
  void shouldShipTheThreeDocumentedExamples() throws IOException {
    // then
    assertThat(examples().map(p -> p.getFileName().toString()))
        .contains("steady.yaml", "throttling.yaml", "region-outage.yaml", "provider-quirks.yaml");
  }

  @Test
  void shouldDescribeTheRegionOutageRehearsalWhenLoaded() {
    // when
    Scenario s = Scenarios.load(Path.of("../../examples/scenarios/region-outage.yaml"));

    // then
    assertThat(s.regions())
        .extracting(RegionConfig::name)
        .containsExactly("us-east-1", "us-west-2");
    Outage outage = s.primary().outages().get(0);
    assertThat(outage.error()).isEqualTo(ErrorType.SERVICE_UNAVAILABLE);
    assertThat(outage.activeAt(Duration.ofSeconds(2))).isFalse();
    assertThat(outage.activeAt(Duration.ofSeconds(3))).isTrue();
    assertThat(outage.activeAt(Duration.ofSeconds(42))).isTrue();
    assertThat(outage.activeAt(Duration.ofSeconds(43))).isFalse();
    assertThat(s.regions().get(1).outages()).isEmpty();
  }

  @Test
  void shouldReadTheCompleteExampleInTheDocsWhenParsed() throws IOException {
    // given
    String doc = Files.readString(Path.of("../../docs/simulator-scenarios.md"));
    int start = doc.indexOf("```yaml\n") + "```yaml\n".length();
    String yaml = doc.substring(start, doc.indexOf("```", start));

    // when
    Scenario s = Scenarios.parse(yaml);

    // then
    assertThat(s.regions()).hasSize(2);
    assertThat(s.faults()).hasSize(9);
    assertThat(s.primary().conversationChecks()).containsExactly("anthropic.*");
    assertThat(s.models().get(0).perOutputToken()).isEqualTo(Duration.ofMillis(20));
    assertThat(s.faults().get(3).hints())
        .containsExactly(RateLimitHint.RETRY_AFTER, RateLimitHint.OPENAI_RESET_REQUESTS);
  }
}
