package dev.ballast.pipeline.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ballast.modelclient.BreakerListener.State;
import dev.ballast.modelclient.FleetLink.Verdict;
import dev.ballast.schemas.EndpointSignal;
import dev.ballast.schemas.EndpointSignalKind;
import dev.ballast.testkit.ManualClock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The log as the arbiter of the fleet's breaker: three instances applying the same records. */
class FleetBreakersTest {

  private static final String EP = "bedrock/m@us-east-1";
  private static final long INTERVAL = 2_000;

  private final ManualClock clock = ManualClock.atEpochPlusOneDay();
  private final FleetBreakers a = new FleetBreakers("a", INTERVAL, clock);
  private final FleetBreakers b = new FleetBreakers("b", INTERVAL, clock);
  private final FleetBreakers c = new FleetBreakers("c", INTERVAL, clock);

  private static EndpointSignal signal(EndpointSignalKind kind, String instance, int round) {
    return EndpointSignal.newBuilder()
        .setEndpoint(EP)
        .setKind(kind)
        .setInstance(instance)
        .setAtMs(0)
        .setRound(round)
        .build();
  }

  /** Appends a record to the log at the clock's time: every instance applies it. */
  private void log(EndpointSignal s) {
    for (FleetBreakers f : List.of(a, b, c)) {
      f.apply(s, clock.millis());
    }
  }

  private void advance(long ms) {
    clock.advance(Duration.ofMillis(ms));
  }

  @Test
  void shouldRefuseEveryCallEverywhereOnceOneInstanceOpened() {
    // given
    assertThat(a.isNews(EP, State.OPEN)).isTrue();

    // when
    log(signal(EndpointSignalKind.OPENED, "a", 0));

    // then
    for (FleetBreakers f : List.of(a, b, c)) {
      assertThat(f.state(EP)).isEqualTo(State.OPEN);
      assertThat(f.openedBy(EP)).isEqualTo("a");
      assertThat(f.verdict(EP)).isEqualTo(new FleetBreakers.Decision(Verdict.REFUSE, 0));
    }
    assertThat(b.isNews(EP, State.OPEN)).as("a second open is no news").isFalse();
  }

  @Test
  void shouldLetOnlyTheFirstClaimInLogOrderProbeWhenARoundIsDue() {
    // given
    log(signal(EndpointSignalKind.OPENED, "a", 0));
    advance(INTERVAL - 1);
    assertThat(b.verdict(EP).claimRound()).as("not due yet").isZero();
    advance(1);

    // when: b and c both claim round 1; c's record is appended first
    int bClaim = b.verdict(EP).claimRound();
    int cClaim = c.verdict(EP).claimRound();
    log(signal(EndpointSignalKind.PROBE_CLAIMED, "c", cClaim));
    log(signal(EndpointSignalKind.PROBE_CLAIMED, "b", bClaim));

    // then: c alone probes, once
    assertThat(bClaim).isEqualTo(1);
    assertThat(cClaim).isEqualTo(1);
    assertThat(a.prober(EP)).isEqualTo("c");
    assertThat(b.prober(EP)).isEqualTo("c");
    assertThat(c.verdict(EP).verdict()).isEqualTo(Verdict.PROBE);
    assertThat(c.verdict(EP).verdict()).isEqualTo(Verdict.REFUSE);
    assertThat(b.verdict(EP)).isEqualTo(new FleetBreakers.Decision(Verdict.REFUSE, 0));
    assertThat(a.state(EP)).isEqualTo(State.HALF_OPEN);
  }

  @Test
  void shouldRejectAClaimWrittenBeforeTheIntervalByTheLogsClock() {
    // given: b's clock runs ahead, so it claims early
    log(signal(EndpointSignalKind.OPENED, "a", 0));
    advance(INTERVAL / 2);

    // when
    log(signal(EndpointSignalKind.PROBE_CLAIMED, "b", 1));

    // then
    assertThat(a.prober(EP)).isNull();
    assertThat(b.verdict(EP).verdict()).isEqualTo(Verdict.REFUSE);
  }

  @Test
  void shouldStartAtMostOneRoundAndProbeOncePerIntervalWhateverTheClaims() {
    // given
    log(signal(EndpointSignalKind.OPENED, "a", 0));
    int probes = 0;

    // when: for ten intervals, every instance asks every 100 ms and every claim is appended
    for (long t = 0; t < 10 * INTERVAL; t += 100) {
      for (FleetBreakers f : List.of(a, b, c)) {
        FleetBreakers.Decision d = f.verdict(EP);
        probes += d.verdict() == Verdict.PROBE ? 1 : 0;
        if (d.claimRound() > 0) {
          log(
              signal(
                  EndpointSignalKind.PROBE_CLAIMED,
                  f == a ? "a" : f == b ? "b" : "c",
                  d.claimRound()));
        }
      }
      advance(100);
    }

    // then: rounds began at 2 s, 4 s, ... 18 s: nine, one probe each
    assertThat(a.round(EP)).isEqualTo(9);
    assertThat(probes).isEqualTo(9);
  }

  @Test
  void shouldCloseEverywhereAfterASuccessfulProbe() {
    // given
    log(signal(EndpointSignalKind.OPENED, "a", 0));
    advance(INTERVAL);
    log(signal(EndpointSignalKind.PROBE_CLAIMED, "b", b.verdict(EP).claimRound()));
    assertThat(b.verdict(EP).verdict()).isEqualTo(Verdict.PROBE);

    // when: b's probe succeeded, its breaker closed: news
    assertThat(b.isNews(EP, State.CLOSED)).isTrue();
    log(signal(EndpointSignalKind.CLOSED, "b", 0));

    // then
    for (FleetBreakers f : List.of(a, b, c)) {
      assertThat(f.state(EP)).isEqualTo(State.CLOSED);
      assertThat(f.verdict(EP).verdict()).isEqualTo(Verdict.CALL);
    }
    assertThat(a.isNews(EP, State.CLOSED)).as("the fleet is closed already").isFalse();
  }

  @Test
  void shouldClaimAgainWhenAClaimIsLost() {
    // given: b's claim for round 1 loses to c's
    log(signal(EndpointSignalKind.OPENED, "a", 0));
    advance(INTERVAL);
    int bClaim = b.verdict(EP).claimRound();
    log(signal(EndpointSignalKind.PROBE_CLAIMED, "c", 1));
    log(signal(EndpointSignalKind.PROBE_CLAIMED, "b", bClaim));

    // when: the next round is due
    advance(INTERVAL);

    // then
    assertThat(b.verdict(EP).claimRound()).isEqualTo(2);
  }
}
