package dev.ballast.bench.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BenchRequestsTest {

  @Test
  void shouldPadTheSequenceToSevenDigitsAndReadItBackWhenMakingIds() {
    // given
    BenchRequests requests = new BenchRequests("zero", "cost-");

    // then
    assertThat(requests.id(0)).isEqualTo("cost-0000000");
    assertThat(requests.id(42)).isEqualTo("cost-0000042");
    assertThat(requests.id(12_345_678)).isEqualTo("cost-12345678");
    assertThat(requests.sequence(requests.id(42))).isEqualTo(42);
    assertThat(requests.sequence(requests.id(12_345_678))).isEqualTo(12_345_678);
    assertThat(requests.sequence("other-0000042")).isEqualTo(-1);
  }
}
