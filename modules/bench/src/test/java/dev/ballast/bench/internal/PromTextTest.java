package dev.ballast.bench.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PromTextTest {

  private static final String TEXT =
      """
      # HELP ballast_ledger_entries entries
      # TYPE ballast_ledger_entries gauge
      ballast_ledger_entries 1234.0
      jvm_memory_used_bytes{area="heap",id="G1 Eden Space"} 100.0
      jvm_memory_used_bytes{area="heap",id="G1 Old Gen"} 50.0
      jvm_memory_used_bytes{area="nonheap",id="Metaspace"} 7.0
      ballast_breaker_state{model="m",provider="bedrock",region="us-east-1"} 1.0
      ballast_breaker_state{model="m",provider="bedrock",region="us-west-2"} 0.0
      ballast_ledger_entries_other 9.0
      """;

  @Test
  void shouldSumTheSamplesOfAMetricWhoseLabelsMatch() {
    assertThat(PromText.sum(TEXT, "ballast_ledger_entries")).isEqualTo(1234.0);
    assertThat(PromText.sum(TEXT, "jvm_memory_used_bytes", "area=\"heap\"")).isEqualTo(150.0);
    assertThat(PromText.sum(TEXT, "ballast_breaker_state", "region=\"us-east-1\"")).isEqualTo(1.0);
  }

  @Test
  void shouldBeNotANumberWhenTheMetricIsAbsent() {
    assertThat(PromText.sum(TEXT, "ballast_missing")).isNaN();
    assertThat(PromText.sum(TEXT, "ballast_breaker_state", "region=\"eu-west-1\"")).isNaN();
  }
}
