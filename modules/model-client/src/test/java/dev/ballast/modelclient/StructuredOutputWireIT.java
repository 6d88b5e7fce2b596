package dev.ballast.modelclient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ballast.schemas.ReasonCode;
import dev.ballast.simulator.ModelConfig;
import dev.ballast.simulator.Scenario;
import dev.ballast.simulator.Simulator;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * How a JSON Schema goes out to Bedrock, through the real AWS SDK v2 client against the simulator,
 * which refuses {@code outputConfig.textFormat} for a model that does not offer native structured
 * output: the refusal proves what was sent.
 */
class StructuredOutputWireIT {

  private static final String NATIVE_MODEL = "anthropic.claude-sonnet-4-5-20250929-v1:0";
  private static final String TOOL_ONLY_MODEL = "anthropic.claude-3-haiku-20240307-v1:0";
  private static final String SCHEMA =
      "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}},"
          + "\"required\":[\"city\"]}";
  private static final Duration WAIT = Duration.ofSeconds(30);

  private static Simulator sim;
  private static ModelClients clients;

  @BeforeAll
  static void start() {
    sim =
        Simulator.start(
            Scenario.defaults()
                .withModels(
                    ModelConfig.defaultsFor(NATIVE_MODEL).withNativeStructuredOutput(true),
                    ModelConfig.defaultsFor(TOOL_ONLY_MODEL)));
    clients = ModelClients.create(ClientOptions.DEFAULTS.withCallTimeout(WAIT));
  }

  @AfterAll
  static void stop() {
    clients.close();
    sim.close();
  }

  private static ModelResponse call(String model, StructuredOutput mode) throws Exception {
    ModelClient client =
        clients.forEndpoint(
            new Endpoint(Provider.BEDROCK, model, sim.regions().get(0), sim.uri()),
            Credentials.NONE);
    ModelRequest request =
        new ModelRequest(
                "so-" + mode,
                1,
                null,
                java.util.List.of(Turn.user("Where is the Louvre?")),
                null,
                null,
                null,
                null,
                SCHEMA)
            .withStructuredOutput(mode);
    return client.converse(request).get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Test
  void shouldSendTheSchemaAsOutputConfigAndReadTheAnswerFromTextWhenNative() throws Exception {
    // when
    ModelResponse r = call(NATIVE_MODEL, StructuredOutput.NATIVE);

    // then: the structured answer is the text, and it has the schema's field
    JsonNode answer = new ObjectMapper().readTree(r.json());
    assertThat(answer.path("city").isTextual()).isTrue();
  }

  @Test
  void shouldSendOutputConfigOnlyWhenAskedForNative() throws Exception {
    // when / then: a model without native structured output refuses outputConfig...
    assertThatThrownBy(() -> call(TOOL_ONLY_MODEL, StructuredOutput.NATIVE))
        .isInstanceOf(ExecutionException.class)
        .cause()
        .isInstanceOfSatisfying(
            ModelCallException.class,
            e -> {
              assertThat(e.failure().reasonCode()).isEqualTo(ReasonCode.REQUEST_REJECTED);
              assertThat(e.failure().message()).contains("outputConfig.textFormat");
            });

    // ...and answers the same schema asked through a forced tool
    ModelResponse viaTool = call(TOOL_ONLY_MODEL, StructuredOutput.TOOL);
    assertThat(new ObjectMapper().readTree(viaTool.json()).path("city").isTextual()).isTrue();
  }
}
