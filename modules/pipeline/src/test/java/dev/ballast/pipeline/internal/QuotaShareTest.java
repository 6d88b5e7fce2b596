package dev.ballast.pipeline.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class QuotaShareTest {

  private static TopicPartition tp(String topic, int p) {
    return new TopicPartition(topic, p);
  }

  @Test
  void shouldBeTheShareOfTheRequestPartitionsTheActiveTasksOwn() {
    // given: two of six request partitions, with their retry and fallback partitions
    List<TopicPartition> owned =
        List.of(
            tp("b.requests", 1),
            tp("b.requests", 4),
            tp("b.retry.1s", 1),
            tp("b.fallback", 4),
            tp("b.requests.batch", 2));

    // then
    assertThat(QuotaShare.of(owned, "b.requests", 6)).isEqualTo(2 / 6.0);
  }

  @Test
  void shouldAddUpToOneOverTheFleet() {
    double sum =
        QuotaShare.of(List.of(tp("r", 0), tp("r", 1)), "r", 4)
            + QuotaShare.of(List.of(tp("r", 2)), "r", 4)
            + QuotaShare.of(List.of(tp("r", 3)), "r", 4);
    assertThat(sum).isEqualTo(1.0);
  }

  @Test
  void shouldKeepTheShareOfOnePartitionWhenItOwnsNone() {
    assertThat(QuotaShare.of(List.of(), "r", 4)).isEqualTo(0.25);
  }
}
