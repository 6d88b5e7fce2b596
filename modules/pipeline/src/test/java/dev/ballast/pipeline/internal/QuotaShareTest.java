package dev.ballast.pipeline.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ballast.testkit.ManualClock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class QuotaShareTest {

  private final ManualClock clock = ManualClock.atEpochPlusOneDay();

  private static TopicPartition tp(String topic, int p) {
    return new TopicPartition(topic, p);
  }

  private QuotaShare share(String me, int owned) {
    QuotaShare q = new QuotaShare(me, "r", clock);
    q.partitions(6);
    q.ownedBy(() -> owned);
    return q;
  }

  private void advanceMs(long ms) {
    clock.advance(Duration.ofMillis(ms));
  }

  @Test
  void shouldCountTheRequestPartitionsTheActiveTasksOwn() {
    // given: two of six request partitions, with their retry and fallback partitions
    List<TopicPartition> owned =
        List.of(
            tp("b.requests", 1),
            tp("b.requests", 4),
            tp("b.retry.1s", 1),
            tp("b.fallback", 4),
            tp("b.requests.batch", 2));

    // then
    assertThat(QuotaShare.owned(owned, "b.requests", 6)).isEqualTo(2);
  }

  @Test
  void shouldSplitByPartitionsAmongTheLiveAndKeepOneMorePartitionWhenOwningNone() {
    assertThat(QuotaShare.of(2, 4)).isEqualTo(1 / 3.0);
    assertThat(QuotaShare.of(2, 2)).isEqualTo(0.5);
    assertThat(QuotaShare.of(6, 0)).isEqualTo(1.0);
    assertThat(QuotaShare.of(0, 4)).isEqualTo(0.2);
    assertThat(QuotaShare.of(0, 0)).isEqualTo(1.0);
    assertThatThrownBy(() -> QuotaShare.of(-1, 0)).hasMessageContaining("-1");
  }

  @Test
  void shouldAddUpToOneOverAFleetThatHearsEachOther() {
    // given: three instances owning 3, 2 and 1 partitions, each hearing the others
    List<QuotaShare> fleet = List.of(share("a", 3), share("b", 2), share("c", 1));
    int[] owned = {3, 2, 1};
    String[] ids = {"a", "b", "c"};

    // when
    for (QuotaShare q : fleet) {
      for (int i = 0; i < ids.length; i++) {
        q.heard(ids[i], owned[i], clock.millis(), Map.of());
      }
    }

    // then
    double sum = fleet.stream().mapToDouble(q -> q.tick().share()).sum();
    assertThat(sum).isCloseTo(1.0, org.assertj.core.api.Assertions.within(1e-12));
  }

  @Test
  void shouldTakeOverADeadInstancesShareWithinThreeHeartbeatsAndGiveItBackWhenItReturns() {
    // given: this instance and two others with two of six partitions each
    QuotaShare q = share("a", 2);
    q.heard("b", 2, clock.millis(), Map.of());
    q.heard("c", 2, clock.millis(), Map.of());
    assertThat(q.tick().share()).isEqualTo(1 / 3.0);

    // when: c dies (its partitions stay assigned to it, nobody serves them); b keeps beating
    for (int i = 0; i < 3; i++) {
      advanceMs(QuotaShare.HEARTBEAT_MS);
      q.heard("b", 2, clock.millis(), Map.of());
    }
    double atThreeBeats = q.tick().share();
    advanceMs(1);
    double after = q.tick().share();

    // then: c is dead one millisecond after three heartbeats, and its share is the live ones'
    assertThat(atThreeBeats).isEqualTo(1 / 3.0);
    assertThat(after).isEqualTo(0.5);

    // when: c comes back (a new instance id) with the same partitions
    q.heard("c2", 2, clock.millis(), Map.of());

    // then: at once
    QuotaShare.Tick back = q.tick();
    assertThat(back.share()).isEqualTo(1 / 3.0);
    assertThat(back.changed()).isTrue();
  }

  @Test
  void shouldHeartbeatEverySecondAndAtOnceWhenItsPartitionsChange() {
    // given
    int[] owned = {2};
    QuotaShare q = new QuotaShare("a", "r", clock);
    q.ownedBy(() -> owned[0]);
    assertThat(q.tick().beat()).isTrue();

    // when / then
    advanceMs(QuotaShare.HEARTBEAT_MS - 1);
    assertThat(q.tick().beat()).isFalse();
    owned[0] = 3;
    QuotaShare.Tick changed = q.tick();
    assertThat(changed.beat()).isTrue();
    assertThat(changed.owned()).isEqualTo(3);
    advanceMs(QuotaShare.HEARTBEAT_MS - 1);
    assertThat(q.tick().beat()).isFalse();
    advanceMs(1);
    assertThat(q.tick().beat()).isTrue();
  }

  @Test
  void shouldWaitForRecordsOnlyUntilTheNextHeartbeatIsDue() {
    // given
    QuotaShare q = new QuotaShare("a", "r", clock);
    assertThat(q.tick().beat()).isTrue();

    // when / then
    assertThat(q.untilBeatMs()).isEqualTo(QuotaShare.HEARTBEAT_MS);
    advanceMs(300);
    assertThat(q.untilBeatMs()).isEqualTo(QuotaShare.HEARTBEAT_MS - 300);
    advanceMs(QuotaShare.HEARTBEAT_MS);
    assertThat(q.untilBeatMs()).isEqualTo(1);
    assertThat(q.tick().beat()).isTrue();
    assertThat(q.untilBeatMs()).isEqualTo(QuotaShare.HEARTBEAT_MS);
  }

  @Test
  void shouldIgnoreItsOwnHeartbeatsAndKeepTheLastCountWhileStreamsIsNotRunning() {
    // given: the assignment cannot be read
    QuotaShare q = new QuotaShare("a", "r", clock);
    q.ownedBy(
        () -> {
          throw new IllegalStateException("not running");
        });

    // when
    q.heard("a", 6, clock.millis(), Map.of());
    q.heard("b", 4, clock.millis(), Map.of());

    // then: it owns none, beside b's four
    assertThat(q.tick().share()).isEqualTo(0.2);
  }

  @Test
  void shouldReportTheMostALiveInstanceSaidTheFleetUsed() {
    // given
    QuotaShare q = share("a", 2);
    double[] b1 = {0.5, 0.4};
    double[] b2 = {0.1};
    double[] c1 = {1.0};
    double[] d1 = {0.2, 0.2};
    double[] d2 = {0.4};
    q.heard("b", 2, clock.millis(), Map.of("e1", b1, "e2", b2));
    q.heard("c", 2, clock.millis() - QuotaShare.LIVE_MS - 1, Map.of("e1", c1));
    q.heard("d", 2, clock.millis(), Map.of("e1", d1, "e2", d2));

    // then: per endpoint the profile adding up to most; c is not live
    Map<String, double[]> used = q.usedByLiveFleet();
    assertThat(used.get("e1")).containsExactly(0.5, 0.4);
    assertThat(used.get("e2")).containsExactly(0.4);
    assertThat(used).hasSize(2);
  }
}
