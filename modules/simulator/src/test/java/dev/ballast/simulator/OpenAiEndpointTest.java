package dev.ballast.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class OpenAiEndpointTest {

  private static Simulator sim;
  private static URI completions;

  @BeforeAll
  static void startSimulator() {
    sim =
        Simulator.start(
            Scenario.defaults()
                .withModels(ModelConfig.defaultsFor("gpt-small").withContextWindow(50)));
    completions = sim.uri().resolve("/v1/chat/completions");
  }

  @AfterAll
  static void stopSimulator() {
    sim.close();
  }

  @BeforeEach
  void clean() {
    sim.clearFaults();
    sim.resetStats();
  }

  private static String chat(String model, String extra) {
    return """
        {"model": "%s",
         "messages": [{"role": "system", "content": "Be brief."},
                      {"role": "user", "content": "Name three colours."}]%s}
        """
        .formatted(model, extra);
  }

  @Test
  void shouldAnswerAChatCompletionWhenTheRequestIsValid() {
    // given
    String body = chat("gpt-4o-mini", "");

    // when
    Http.Response r = Http.post(completions, body, "X-Ballast-Request-Id", "oa-1");

    // then
    assertThat(r.status()).isEqualTo(200);
    JsonNode json = r.json();
    assertThat(json.get("id").asText()).startsWith("chatcmpl-");
    assertThat(json.get("object").asText()).isEqualTo("chat.completion");
    assertThat(json.get("model").asText()).isEqualTo("gpt-4o-mini");
    assertThat(json.get("created").asLong()).isPositive();
    JsonNode choice = json.get("choices").get(0);
    assertThat(choice.get("index").asInt()).isZero();
    assertThat(choice.get("message").get("role").asText()).isEqualTo("assistant");
    assertThat(choice.get("message").get("content").asText()).isNotBlank();
    assertThat(choice.get("finish_reason").asText()).isEqualTo("stop");
    JsonNode usage = json.get("usage");
    assertThat(usage.get("total_tokens").asInt())
        .isEqualTo(usage.get("prompt_tokens").asInt() + usage.get("completion_tokens").asInt());
    assertThat(sim.stats().callsFor("oa-1")).isEqualTo(1);
  }

  @Test
  void shouldFinishWithLengthWhenMaxTokensCutsTheAnswer() {
    // given
    String body = chat("gpt-4o-mini", ", \"max_tokens\": 3");

    // when
    Http.Response r = Http.post(completions, body);

    // then
    JsonNode json = r.json();
    assertThat(json.get("choices").get(0).get("finish_reason").asText()).isEqualTo("length");
    assertThat(json.get("usage").get("completion_tokens").asInt()).isEqualTo(3);
  }

  @Test
  void shouldAnswerJsonConformingToTheSchemaWhenResponseFormatIsJsonSchema() {
    // given
    String body =
        chat(
            "gpt-4o-mini",
            ", \"response_format\": {\"type\": \"json_schema\", \"json_schema\": {\"name\":"
                + " \"order\", \"strict\": true, \"schema\": "
                + TestSchemas.ORDER
                + "}}");

    // when
    Http.Response r = Http.post(completions, body);

    // then
    String content = r.json().get("choices").get(0).get("message").get("content").asText();
    assertThat(MiniSchemaValidator.errors(TestSchemas.json(content), TestSchemas.order()))
        .isEmpty();
  }

  @Test
  void shouldAnswerAJsonObjectWhenResponseFormatIsJsonObject() {
    // given
    String body = chat("gpt-4o-mini", ", \"response_format\": {\"type\": \"json_object\"}");

    // when
    Http.Response r = Http.post(completions, body);

    // then
    String content = r.json().get("choices").get(0).get("message").get("content").asText();
    assertThat(TestSchemas.json(content).isObject()).isTrue();
  }

  @Test
  void shouldAnswerOpenAisRateLimitErrorWhenARuleThrottles() {
    // given
    sim.inject(FaultRule.forRequest("oa-429").error(ErrorType.THROTTLING));

    // when
    Http.Response r =
        Http.post(completions, chat("gpt-4o-mini", ""), "X-Ballast-Request-Id", "oa-429");

    // then
    assertThat(r.status()).isEqualTo(429);
    JsonNode error = r.json().get("error");
    assertThat(error.get("code").asText()).isEqualTo("rate_limit_exceeded");
    assertThat(error.get("type").asText()).isEqualTo("requests");
    assertThat(error.get("param").isNull()).isTrue();
    assertThat(error.get("message").asText()).contains("Rate limit");
    assertThat(sim.stats().total().errors(ErrorType.THROTTLING)).isEqualTo(1);
  }

  @Test
  void shouldFailTheFirstAttemptOnlyWhenTheAttemptHeaderIsSent() {
    // given
    sim.inject(FaultRule.forRequest("oa-att").onAttempts(1).error(ErrorType.SERVICE_UNAVAILABLE));

    // when
    Http.Response first =
        Http.post(
            completions,
            chat("gpt-4o-mini", ""),
            "X-Ballast-Request-Id",
            "oa-att",
            "X-Ballast-Attempt",
            "1");
    Http.Response second =
        Http.post(
            completions,
            chat("gpt-4o-mini", ""),
            "X-Ballast-Request-Id",
            "oa-att",
            "X-Ballast-Attempt",
            "2");

    // then
    assertThat(first.status()).isEqualTo(503);
    assertThat(first.json().get("error").get("code").asText()).isEqualTo("service_unavailable");
    assertThat(second.status()).isEqualTo(200);
  }

  @Test
  void shouldAnswerContextLengthExceededWithTheNumbersWhenTheInputIsTooLong() {
    // given
    String body =
        """
        {"model": "gpt-small", "max_tokens": 10,
         "messages": [{"role": "user", "content": "%s"}]}
        """
            .formatted("word ".repeat(60));

    // when
    Http.Response r = Http.post(completions, body);

    // then
    assertThat(r.status()).isEqualTo(400);
    JsonNode error = r.json().get("error");
    assertThat(error.get("code").asText()).isEqualTo("context_length_exceeded");
    assertThat(error.get("message").asText())
        .startsWith(
            "This model's maximum context length is 50 tokens. However, your messages"
                + " resulted in ");
  }

  @Test
  void shouldAnswerInvalidRequestWhenTheModelIsMissing() {
    // given
    String body = "{\"messages\": [{\"role\": \"user\", \"content\": \"hi\"}]}";

    // when
    Http.Response r = Http.post(completions, body);

    // then
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.json().get("error").get("type").asText()).isEqualTo("invalid_request_error");
  }

  @Test
  void shouldAnswerModelNotFoundWhenModelsAreStrict() {
    // given
    sim.setScenario(Scenario.defaults().withStrictModels(true));

    // when
    Http.Response r = Http.post(completions, chat("gpt-unknown", ""));

    // then
    assertThat(r.status()).isEqualTo(404);
    assertThat(r.json().get("error").get("code").asText()).isEqualTo("model_not_found");
    sim.setScenario(
        Scenario.defaults().withModels(ModelConfig.defaultsFor("gpt-small").withContextWindow(50)));
  }
}
