package dev.ballast.modelclient;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ballast.simulator.CallCounts;
import dev.ballast.simulator.Scenario;
import dev.ballast.simulator.Simulator;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A request's service tier on the wire of both providers, through the real AWS SDK v2 client and
 * the OpenAI-compatible client against the simulator, which counts the tiers it was sent.
 */
class ServiceTierWireIT {

  private static final String MODEL = "anthropic.claude-3-haiku-20240307-v1:0";
  private static final Duration WAIT = Duration.ofSeconds(30);

  private static Simulator sim;
  private static ModelClients clients;

  @BeforeAll
  static void start() {
    sim = Simulator.start(Scenario.defaults());
    clients = ModelClients.create(ClientOptions.DEFAULTS.withCallTimeout(WAIT));
  }

  @AfterAll
  static void stop() {
    clients.close();
    sim.close();
  }

  @BeforeEach
  void reset() {
    sim.resetStats();
  }

  private static ModelResponse call(Provider provider, String model, ServiceTier tier)
      throws Exception {
    ModelClient client =
        clients.forEndpoint(
            new Endpoint(provider, model, sim.regions().get(0), sim.uri()), Credentials.NONE);
    return client
        .converse(ModelRequest.of("tier-" + tier, "Hello?").withServiceTier(tier))
        .get(WAIT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
  }

  @Test
  void shouldSendTheTierAsConverseServiceTierWhenTheRequestNamesOne() throws Exception {
    // when
    ModelResponse flex = call(Provider.BEDROCK, MODEL, ServiceTier.FLEX);
    ModelResponse none = call(Provider.BEDROCK, MODEL, null);

    // then: the simulator saw one flex call and one without a tier; the echo is recorded
    CallCounts counts = sim.stats().total();
    assertThat(counts.requests()).isEqualTo(2);
    assertThat(counts.byServiceTier()).containsExactlyEntriesOf(java.util.Map.of("flex", 1L));
    assertThat(flex.serviceTier()).isEqualTo("flex");
    assertThat(none.serviceTier()).isNull();
  }

  @Test
  void shouldSendOpenAiServiceTierWhenOpenAiHasTheTier() throws Exception {
    // when
    ModelResponse priority = call(Provider.OPENAI, "gpt-4o-mini", ServiceTier.PRIORITY);
    ModelResponse reserved = call(Provider.OPENAI, "gpt-4o-mini", ServiceTier.RESERVED);

    // then: priority went out as service_tier; reserved, which OpenAI lacks, was not sent
    CallCounts counts = sim.stats().total();
    assertThat(counts.requests()).isEqualTo(2);
    assertThat(counts.byServiceTier()).containsExactlyEntriesOf(java.util.Map.of("priority", 1L));
    assertThat(priority.serviceTier()).isEqualTo("priority");
    assertThat(reserved.serviceTier()).isNull();
  }
}
