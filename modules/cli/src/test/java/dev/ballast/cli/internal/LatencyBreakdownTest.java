package dev.ballast.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ballast.schemas.Attempt;
import dev.ballast.schemas.InferenceResult;
import dev.ballast.schemas.Outcome;
import dev.ballast.schemas.Status;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class LatencyBreakdownTest {

  private static Attempt attempt(long startedAtMs, long latencyMs, Outcome outcome) {
    return Attempt.newBuilder()
        .setEndpoint("bedrock/m@us-east-1")
        .setOutcome(outcome)
        .setStartedAt(Instant.ofEpochMilli(startedAtMs))
        .setLatencyMs(latencyMs)
        .build();
  }

  @Test
  void shouldSeparateTheModelsTimeFromWhatBallastAddedWhenARequestWasRetried() {
    // given: sent at 1000, first call at 1015 (300 ms, failed), a second call at 1400 (200 ms),
    // result written at 1620, read by the client at 1650
    InferenceResult r =
        InferenceResult.newBuilder()
            .setId("r1")
            .setStatus(Status.SUCCEEDED)
            .setAttempts(
                List.of(attempt(1015, 300, Outcome.TRANSIENT), attempt(1400, 200, Outcome.SUCCESS)))
            .setLatencyMs(610L)
            .setCompletedAt(Instant.ofEpochMilli(1620))
            .build();
    DemoTimeline timeline = new DemoTimeline();
    timeline.sent("r1", 1000);
    timeline.received("r1", 1650);
    timeline.received("r1", 9999); // a duplicate's receipt does not count

    // when
    LatencyBreakdown b = LatencyBreakdown.of(List.of(r), timeline);

    // then
    assertThat(b.size()).isEqualTo(1);
    assertThat(b.total(50)).isEqualTo(650);
    assertThat(b.part("beforeCall", 50)).isEqualTo(15);
    assertThat(b.part("model", 50)).isEqualTo(500);
    assertThat(b.part("between", 50)).isEqualTo(105);
    assertThat(b.part("delivery", 50)).isEqualTo(30);
    assertThat(b.added(50)).isEqualTo(150);
  }

  @Test
  void shouldRoundChartScalesUpToNiceNumbersWhenDrawing() {
    assertThat(SvgCharts.niceMax(36)).isEqualTo(50);
    assertThat(SvgCharts.niceMax(1542)).isEqualTo(2000);
    assertThat(SvgCharts.niceMax(18)).isEqualTo(20);
    assertThat(SvgCharts.niceMax(1)).isEqualTo(1);
  }
}
