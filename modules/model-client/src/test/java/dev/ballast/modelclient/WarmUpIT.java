package dev.ballast.modelclient;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ballast.simulator.Scenario;
import dev.ballast.simulator.Simulator;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A warm-up runs the real clients (the AWS SDK's Bedrock Runtime client, the OpenAI-compatible
 * client over the JDK's HTTP client) end to end against the stand-in on 127.0.0.1, and never calls
 * the configured endpoints.
 */
class WarmUpIT {

  @Test
  void shouldAnswerEveryWarmUpCallFromTheStandInAndSendNothingToTheConfiguredEndpoints()
      throws Exception {
    // given: a Bedrock and an OpenAI-compatible endpoint, both served by the simulator, and a
    // second Bedrock endpoint of the same model in another region
    try (Simulator sim = Simulator.start(Scenario.defaults());
        ModelClients clients = ModelClients.create(ClientOptions.DEFAULTS)) {
      String region = sim.regions().get(0);
      List<Endpoint> endpoints =
          List.of(
              new Endpoint(
                  Provider.BEDROCK, "anthropic.claude-3-haiku-20240307-v1:0", region, sim.uri()),
              new Endpoint(
                  Provider.BEDROCK,
                  "anthropic.claude-3-haiku-20240307-v1:0",
                  "eu-west-1",
                  sim.uri()),
              new Endpoint(Provider.OPENAI, "gpt-4o-mini", region, sim.uri()));

      // when
      int answered = clients.warmUp(endpoints, 60, () -> false);

      // then: every call answered (plain and structured, both providers), none reached the
      // simulator; the configured clients still work afterwards
      assertThat(answered).isEqualTo(60);
      assertThat(sim.stats().total().requests()).isZero();
      ModelResponse real =
          clients
              .forEndpoint(endpoints.get(0), Credentials.NONE)
              .converse(ModelRequest.of("after-warm-up", "Hello?"))
              .get();
      assertThat(real.text()).isNotBlank();
      assertThat(sim.stats().total().requests()).isEqualTo(1);
    }
  }

  @Test
  void shouldStopSendingOnceToldEnough() throws Exception {
    try (ModelClients clients = ModelClients.create(ClientOptions.DEFAULTS)) {
      Endpoint e =
          new Endpoint(
              Provider.BEDROCK, "anthropic.claude-3-haiku-20240307-v1:0", "us-east-1", null);
      java.util.concurrent.atomic.AtomicInteger asked =
          new java.util.concurrent.atomic.AtomicInteger();
      // enough after the fifth check: five calls sent, all answered
      assertThat(clients.warmUp(List.of(e), 1000, () -> asked.incrementAndGet() > 5)).isEqualTo(5);
    }
  }

  @Test
  void shouldMakeNoCallWhenThereIsNothingToWarm() throws Exception {
    try (ModelClients clients = ModelClients.create(ClientOptions.DEFAULTS)) {
      assertThat(clients.warmUp(List.of(), 100, () -> false)).isZero();
    }
  }
}
