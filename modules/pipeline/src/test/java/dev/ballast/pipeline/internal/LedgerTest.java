package dev.ballast.pipeline.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ballast.schemas.AvroSerde;
import dev.ballast.schemas.LedgerEntry;
import java.time.Duration;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.assertj.core.data.Percentage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Issue 12: the ledger purge keeps up with the rate answers arrive at. */
class LedgerTest {

  private static final String STORE = "ledger";
  private static final long RETENTION_MS = Duration.ofMinutes(1).toMillis();
  private static final long INTERVAL_MS = Ledger.PURGE_INTERVAL.toMillis();

  private KeyValueStore<String, LedgerEntry> store;
  private Ledger ledger;

  @BeforeEach
  void setUp() {
    MockProcessorContext<Object, Object> context = new MockProcessorContext<>();
    store = store(context, STORE);
    ledger = new Ledger(context, STORE, STORE, RETENTION_MS);
  }

  /** An in-memory ledger store named {@code name}, added to {@code context}. */
  private static KeyValueStore<String, LedgerEntry> store(
      MockProcessorContext<Object, Object> context, String name) {
    KeyValueStore<String, LedgerEntry> s =
        Stores.keyValueStoreBuilder(
                Stores.inMemoryKeyValueStore(name),
                Serdes.String(),
                AvroSerde.of(LedgerEntry.class))
            .withLoggingDisabled()
            .withCachingDisabled()
            .build();
    s.init(context.getStateStoreContext(), s);
    context.addStateStore(s);
    return s;
  }

  @Test
  void shouldLookAtTheMinimumSliceWhenTheStoreIsSmall() {
    assertThat(Ledger.purgeSlice(0, RETENTION_MS)).isEqualTo(Ledger.MIN_PURGE_SLICE);
    assertThat(Ledger.purgeSlice(10_000, RETENTION_MS)).isEqualTo(Ledger.MIN_PURGE_SLICE);
  }

  @Test
  void shouldGrowTheSliceWithTheStoreSoThatOneRetentionMakesTwoPasses() {
    // given a store of 3,600,000 entries and a retention of 1 h: 360 purges per retention
    long entries = 3_600_000;
    long retention = Duration.ofHours(1).toMillis();

    // when
    long slice = Ledger.purgeSlice(entries, retention);

    // then 360 purges look at 2 x 3,600,000 entries
    assertThat(slice).isEqualTo(20_000);
    assertThat(slice * (retention / INTERVAL_MS)).isEqualTo(Ledger.PASSES_PER_RETENTION * entries);
  }

  @Test
  void shouldKeepTheLedgerBoundedWhenATaskAnswersFasterThanTheMinimumSlice() {
    // given a task answering 1,000 ids per second (10,000 per purge interval: twice the
    // minimum slice, so a fixed slice of 5,000 falls behind and the ledger grows without bound)
    int perInterval = 10_000;
    long now = 0;
    long seq = 0;
    long retentionWorth = perInterval * (RETENTION_MS / INTERVAL_MS);

    // when the task runs for four retentions, purging every interval
    long largest = 0;
    long atTwoRetentions = 0;
    int intervals = (int) (4 * RETENTION_MS / INTERVAL_MS);
    for (int i = 1; i <= intervals; i++) {
      for (int k = 0; k < perInterval; k++) {
        ledger.answered(String.format("req-%012d", seq++ * 7919 % 1_000_003), now);
      }
      now += INTERVAL_MS;
      ledger.purge(now);
      long entries = store.approximateNumEntries();
      largest = Math.max(largest, entries);
      if (i == intervals / 2) {
        atTwoRetentions = entries;
      }
    }

    // then the ledger holds at most 1.5 retentions' worth of answers (plus one interval's), and
    // stays level over the second half
    long end = store.approximateNumEntries();
    assertThat(largest).isLessThanOrEqualTo(retentionWorth * 3 / 2 + perInterval);
    assertThat(end).isGreaterThanOrEqualTo(retentionWorth);
    assertThat((double) end).isCloseTo(atTwoRetentions, Percentage.withPercentage(10));
  }

  @Test
  void shouldLookAtNothingUntilTheOldestKeptAnswerExpires() {
    // given answers from t=0 s and t=20 s, and a first pass at t=30 s that keeps both
    ledger.answered("a", 0);
    ledger.answered("b", 20_000);
    assertThat(ledger.purge(30_000)).isEqualTo(2);

    // when idle until just before the oldest expires (t=60 s), with a new answer at t=40 s
    ledger.answered("c", 40_000);
    long looked = 0;
    for (long now = 40_000; now < RETENTION_MS; now += INTERVAL_MS) {
      looked += ledger.purge(now);
    }

    // then no entry was looked at; at t=60 s a pass deletes "a" and keeps the younger ones
    assertThat(looked).isZero();
    assertThat(ledger.purge(RETENTION_MS)).isEqualTo(3);
    assertThat(store.get("a")).isNull();
    assertThat(store.get("b")).isNotNull();
    assertThat(store.get("c")).isNotNull();
    // and the next pass waits for "b" (t=80 s)
    assertThat(ledger.purge(RETENTION_MS + INTERVAL_MS)).isZero();
    assertThat(ledger.purge(80_000)).isEqualTo(2);
    assertThat(store.get("b")).isNull();
  }

  @Test
  void shouldAskForTheNextPurgeOnlyWhenItsOldestKeptAnswerCanExpire() {
    // given answers from t=0 s and t=20 s
    ledger.answered("a", 0);
    ledger.answered("b", 20_000);

    // when a pass at t=30 s keeps both
    ledger.purge(30_000);

    // then the next purge is due when "a" expires (t=60 s), not a purge interval later
    assertThat(ledger.nextPurgeMs(30_000)).isEqualTo(RETENTION_MS);
    // and after that pass, when "b" does (t=80 s)
    ledger.purge(RETENTION_MS);
    assertThat(ledger.nextPurgeMs(RETENTION_MS)).isEqualTo(80_000);
  }

  @Test
  void shouldAskForTheNextPurgeAnIntervalLaterWhileAPassRuns() {
    // given more answers than one purge looks at
    for (int i = 0; i < Ledger.MIN_PURGE_SLICE + 10; i++) {
      ledger.answered(String.format("req-%06d", i), 0);
    }

    // when a pass starts at t=30 s
    long looked = ledger.purge(30_000);

    // then it is not done, and the next slice is due a purge interval later
    assertThat(looked).isEqualTo(Ledger.MIN_PURGE_SLICE);
    assertThat(ledger.nextPurgeMs(30_000)).isEqualTo(30_000 + INTERVAL_MS);
    // (the second slice starts at the first one's last key)
    assertThat(ledger.purge(30_000 + INTERVAL_MS)).isEqualTo(11);
    assertThat(ledger.nextPurgeMs(30_000 + INTERVAL_MS)).isEqualTo(RETENTION_MS);
  }

  @Test
  void shouldAskForTheFirstPurgeOfAnEmptyLedgerHalfARetentionLater() {
    ledger.purge(0);

    assertThat(ledger.nextPurgeMs(0)).isEqualTo(RETENTION_MS / Ledger.PASSES_PER_RETENTION);
  }

  @Test
  void shouldPurgeOnlyALedgerThatKeepsItsStagesAnswersForARetention() {
    // given a second store: the answers of another stage
    MockProcessorContext<Object, Object> context = new MockProcessorContext<>();
    context.addStateStore(store);
    store(context, "answers");

    // then
    assertThat(ledger.purges()).isTrue();
    assertThat(new Ledger(context, STORE, "answers", RETENTION_MS).purges()).isFalse();
    assertThat(new Ledger(context, STORE, STORE, 0).purges()).isFalse();
  }

  @Test
  void shouldKeepAnswersUntilTheirRetentionPassedWhenPurging() {
    // given
    ledger.answered("old", 0);
    ledger.answered("new", RETENTION_MS - 1);

    // when
    ledger.purge(RETENTION_MS);

    // then
    assertThat(store.get("old")).isNull();
    assertThat(ledger.seen("new", true, RETENTION_MS)).isTrue();
    assertThat(ledger.seen("old", true, RETENTION_MS)).isFalse();
  }
}
