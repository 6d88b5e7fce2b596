package dev.ballast.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;
import software.amazon.awssdk.services.bedrockruntime.model.ServiceUnavailableException;

class MultiRegionTest {

  private static Simulator sim;
  private static BedrockRuntimeClient east;
  private static BedrockRuntimeClient west;

  @BeforeAll
  static void startSimulator() {
    sim =
        Simulator.start(
            Scenario.of(RegionConfig.named("us-east-1"), RegionConfig.named("us-west-2")));
    east = SdkClients.sync(sim.uri("us-east-1"));
    west = SdkClients.sync(sim.uri("us-west-2"));
  }

  @AfterAll
  static void stopSimulator() {
    east.close();
    west.close();
    sim.close();
  }

  @Test
  void shouldServeEachRegionOnItsOwnPortAndCountPerRegion() {
    // given
    sim.resetStats();

    // when
    east.converse(SdkClients.text("mr-1", "hi"));
    west.converse(SdkClients.text("mr-2", "hi"));
    west.converse(SdkClients.text("mr-3", "hi"));

    // then
    assertThat(sim.regions()).containsExactly("us-east-1", "us-west-2");
    assertThat(sim.uri()).isEqualTo(sim.uri("us-east-1"));
    assertThat(sim.uri("us-east-1").getPort()).isNotEqualTo(sim.uri("us-west-2").getPort());
    assertThat(sim.stats().region("us-east-1").requests()).isEqualTo(1);
    assertThat(sim.stats().region("us-west-2").requests()).isEqualTo(2);
    assertThat(sim.stats().total().requests()).isEqualTo(3);
  }

  @Test
  void shouldFailOnlyTheNamedRegionWhenARuleIsRegional() {
    // given
    sim.inject(FaultRule.any().inRegion("us-east-1").error(ErrorType.SERVICE_UNAVAILABLE));

    // when
    Throwable inEast = catchThrowable(() -> east.converse(SdkClients.text("fo-1", "hi")));
    Throwable inWest = catchThrowable(() -> west.converse(SdkClients.text("fo-1", "hi")));

    // then
    assertThat(inEast).isExactlyInstanceOf(ServiceUnavailableException.class);
    assertThat(inWest).isNull();
    assertThat(sim.stats().callsFor("fo-1")).isEqualTo(2);
    sim.clearFaults();
  }

  @Test
  void shouldNameTheKnownRegionsWhenAnUnknownRegionIsAskedFor() {
    // then
    assertThatThrownBy(() -> sim.uri("eu-west-9"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("eu-west-9")
        .hasMessageContaining("us-east-1")
        .hasMessageContaining("us-west-2");
  }

  @Test
  void shouldKeepPortsAndStartNewRegionsWhenTheScenarioChanges() {
    // given
    int eastPort = sim.uri("us-east-1").getPort();
    int westPort = sim.uri("us-west-2").getPort();

    // when
    sim.setScenario(
        Scenario.of(
            RegionConfig.named("us-east-1"),
            RegionConfig.named("us-west-2"),
            RegionConfig.named("eu-central-1")));

    // then
    assertThat(sim.uri("us-east-1").getPort()).isEqualTo(eastPort);
    assertThat(sim.uri("us-west-2").getPort()).isEqualTo(westPort);
    assertThat(Http.get(sim.uri("eu-central-1").resolve("/_sim/health")).status()).isEqualTo(200);
    sim.setScenario(Scenario.of(RegionConfig.named("us-east-1"), RegionConfig.named("us-west-2")));
    assertThat(sim.regions()).containsExactly("us-east-1", "us-west-2");
  }
}
