package dev.ballast.bench.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.ballast.simulator.Arrival;
import java.util.List;
import org.junit.jupiter.api.Test;

class FleetProbesTest {

  private static Arrival call(long atMs, String region) {
    return new Arrival(atMs, region, "ServiceUnavailableException");
  }

  @Test
  void shouldCountOnlyTheCallsThatArrivedWhileTheFleetsBreakerWasOpen() {
    // given: open from 1,000 to 11,000 ms; calls before it opened (sent before, in flight), two
    // probes inside, one to another region, one after it closed
    List<FleetProbes.Period> periods = List.of(new FleetProbes.Period(1_000, 11_000));
    List<Arrival> arrivals =
        List.of(
            call(900, "us-east-1"),
            call(999, "us-east-1"),
            call(6_000, "us-east-1"),
            call(6_000, "us-west-2"),
            call(11_000, "us-east-1"),
            call(11_001, "us-east-1"));

    // when
    FleetProbes probes = new FleetProbes().count(periods, arrivals, "us-east-1", 20_000);

    // then: 2 calls in 10 s open with a 5 s probe interval
    assertThat(probes.perInterval(5_000)).isCloseTo(1.0, within(1e-9));
    assertThat(probes.describe()).containsEntry("primaryCallsWhileOpen", 2L);
  }

  @Test
  void shouldEndAPeriodStillOpenAtTheEndAndReportNaNWhenItNeverOpened() {
    List<Arrival> arrivals = List.of(call(2_000, "r"), call(7_000, "r"), call(9_000, "r"));
    FleetProbes open =
        new FleetProbes().count(List.of(new FleetProbes.Period(0, -1)), arrivals, "r", 10_000);
    assertThat(open.perInterval(5_000)).isCloseTo(1.5, within(1e-9));
    assertThat(new FleetProbes().count(List.of(), arrivals, "r", 10_000).perInterval(5_000))
        .isNaN();
  }
}
