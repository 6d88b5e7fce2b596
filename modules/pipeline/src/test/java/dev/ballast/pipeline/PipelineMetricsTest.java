package dev.ballast.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ballast.modelclient.BreakerListener;
import dev.ballast.modelclient.Endpoint;
import dev.ballast.modelclient.Provider;
import dev.ballast.schemas.Lane;
import dev.ballast.schemas.ReasonCode;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What {@link PipelineMetrics} records shows up in the Prometheus text under its documented name.
 */
class PipelineMetricsTest {

  private static final Endpoint PRIMARY =
      new Endpoint(Provider.BEDROCK, "anthropic.claude-3-haiku-20240307-v1:0", "us-east-1", null);

  @Test
  void shouldCountCallsByEndpointAndOutcomeWhenAnExchangeEnds() {
    // given
    PipelineMetrics metrics = new PipelineMetrics();

    // when: one call sent (503 after 1.5 s), one not sent (breaker open)
    metrics.onCall(PRIMARY, true, "transient", null, 1500, 0, 0);
    metrics.onCall(PRIMARY, false, "unavailable", "BREAKER_OPEN", 0, 0, 0);
    metrics.onStateChange(PRIMARY, BreakerListener.State.CLOSED, BreakerListener.State.OPEN, 0);
    metrics.deadLetter(ReasonCode.INVALID_REQUEST);
    metrics.parked(Duration.ofSeconds(5));
    metrics.failedAtIntake(Lane.BATCH, ReasonCode.INVALID_REQUEST);
    Scrape s = new Scrape(metrics.scrape());

    // then
    Map<String, String> endpoint =
        Map.of(
            "provider", "bedrock",
            "model", "anthropic.claude-3-haiku-20240307-v1:0",
            "region", "us-east-1");
    assertThat(s.sum("ballast_model_calls_total", Map.of("outcome", "transient"))).isEqualTo(1);
    assertThat(s.sum("ballast_model_calls_total", endpoint)).isEqualTo(1);
    assertThat(s.sum("ballast_model_calls_not_sent_total", Map.of("reason", "BREAKER_OPEN")))
        .isEqualTo(1);
    assertThat(s.sum("ballast_model_call_duration_seconds_sum", endpoint)).isEqualTo(1.5);
    assertThat(
            s.sum(
                "ballast_model_call_duration_seconds_bucket",
                Map.of("region", "us-east-1", "le", "2.5")))
        .isEqualTo(1);
    assertThat(s.sum("ballast_breaker_transitions_total", Map.of("to", "open"))).isEqualTo(1);
    assertThat(s.sum("ballast_dead_letters_total", Map.of("reason", "INVALID_REQUEST")))
        .isEqualTo(1);
    assertThat(s.sum("ballast_parked_total", Map.of("tier", "5s"))).isEqualTo(1);
    assertThat(
            s.sum(
                "ballast_results_total",
                Map.of("lane", "batch", "status", "failed", "reason", "INVALID_REQUEST")))
        .isEqualTo(1);
    assertThat(s.has("ballast_ledger_entries")).isTrue();
    assertThat(s.has("ballast_parked_oldest_due_age_seconds")).isTrue();
    assertThat(s.has("ballast_fallbacks_total")).isTrue();
    assertThat(metrics.snapshot()).containsEntry("failed", 1L).containsEntry("parked", 1L);
  }

  @Test
  void shouldReportTheLagOfTheEarliestDueParkedRequestWhenTasksPublishSchedules() {
    // given
    StoreGauges gauges = new PipelineMetrics().stores();

    // when
    gauges.schedule("a/0_0", 3, 1_000);
    gauges.schedule("a/0_1", 0, 0);
    gauges.schedule("a/0_2", 2, 4_000);
    gauges.ledger("a/0_0", 7);

    // then
    assertThat(gauges.parkedRequests()).isEqualTo(5);
    assertThat(gauges.oldestDueAgeMs(3_000)).isEqualTo(2_000);
    assertThat(gauges.oldestDueAgeMs(500)).isZero();
    assertThat(gauges.ledgerEntries()).isEqualTo(7);
    gauges.withdraw("a/0_0");
    assertThat(gauges.oldestDueAgeMs(3_000)).isZero();
    assertThat(gauges.ledgerEntries()).isZero();
  }
}
