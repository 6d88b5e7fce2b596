package dev.ballast.pipeline.internal;

import dev.ballast.schemas.InFlight;
import dev.ballast.schemas.LedgerEntry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The durable in-flight ledger of a stage, keyed by request id: a request being served, the time it
 * left unanswered (parked in a delay topic or handed to the fallback stage), or the time it was
 * answered; the last two are kept for the dedup retention, so a copy of an id that is anywhere in
 * the pipeline, or was answered recently, gets no second result and costs no model call. Each
 * change is one changelog record, sent when it is made: the store has no Kafka Streams cache, which
 * would hold it until the commit and make every commit wait for its acknowledgement. (A cache folds
 * the two records of a call that starts and ends within one commit interval, which a model call
 * rarely does.) Answers are remembered in the primary ledger of the app, whichever stage wrote
 * them.
 *
 * <p>Stream-thread confined.
 */
final class Ledger {

  /** How often the owning stage calls {@link #purge} while a pass runs, at most. */
  static final Duration PURGE_INTERVAL = Duration.ofSeconds(10);

  /** Entries a purge looks at, at least. */
  static final int MIN_PURGE_SLICE = 5_000;

  /**
   * Full passes over the store per retention: each pass looks at every entry, so an expired entry
   * is deleted at most {@code retention / PASSES_PER_RETENTION} after it expired, and the store
   * holds at most about {@code (1 + 1 / PASSES_PER_RETENTION)} retentions' worth of answers.
   */
  static final int PASSES_PER_RETENTION = 2;

  private final KeyValueStore<String, LedgerEntry> own;
  private final KeyValueStore<String, LedgerEntry> answers;
  private final long retentionMs;
  private String cursor;
  private long passStartMs;
  private long passOldestMs = Long.MAX_VALUE;
  private long quietUntilMs;

  Ledger(ProcessorContext<?, ?> context, String ownStore, String answersStore, long retentionMs) {
    this.own = context.getStateStore(ownStore);
    this.answers = ownStore.equals(answersStore) ? own : context.getStateStore(answersStore);
    this.retentionMs = retentionMs;
  }

  /** The request {@code id} being served by this stage, or null. */
  InFlight inFlight(String id) {
    LedgerEntry e = own.get(id);
    return e == null ? null : e.getInFlight();
  }

  /**
   * Whether {@code id} is being served here, or (when {@code fresh}: a new copy, not a parked
   * request coming back) is elsewhere in the pipeline or was answered within the retention; one
   * store read when this stage keeps the answers itself.
   */
  boolean seen(String id, boolean fresh, long nowMs) {
    LedgerEntry e = own.get(id);
    if (e != null && e.getInFlight() != null) {
      return true;
    }
    if (!fresh || retentionMs <= 0) {
      return false;
    }
    if (e != null && recent(e.getHandedOffAtMs(), nowMs)) {
      return true;
    }
    LedgerEntry a = own == answers ? e : answers.get(id);
    return a != null && recent(a.getAnsweredAtMs(), nowMs);
  }

  private boolean recent(Long atMs, long nowMs) {
    return atMs != null && nowMs - atMs < retentionMs;
  }

  void serving(String id, InFlight entry) {
    own.put(id, new LedgerEntry(entry, null, null));
  }

  /**
   * The request left this stage without a result (parked, handed to the fallback topic): the stages
   * that take new requests remember where it went, so a copy is a duplicate meanwhile.
   */
  void handedOff(String id, long nowMs) {
    if (own == answers && retentionMs > 0) {
      own.put(id, new LedgerEntry(null, null, nowMs));
    } else {
      own.delete(id);
    }
  }

  /** The request's result was written. */
  void answered(String id, long nowMs) {
    if (own != answers) {
      own.delete(id);
    }
    if (retentionMs > 0) {
      answers.put(id, new LedgerEntry(null, nowMs, null));
    } else if (own == answers) {
      own.delete(id);
    }
  }

  /** Ids of the requests this stage was serving, for re-issue after a restart. */
  List<String> servingIds() {
    List<String> ids = new ArrayList<>();
    try (KeyValueIterator<String, LedgerEntry> all = own.all()) {
      all.forEachRemaining(
          kv -> {
            if (kv.value != null && kv.value.getInFlight() != null) {
              ids.add(kv.key);
            }
          });
    }
    return ids;
  }

  /** The requests this stage was serving, by id. */
  Map<String, InFlight> serving() {
    Map<String, InFlight> out = new HashMap<>();
    try (KeyValueIterator<String, LedgerEntry> all = own.all()) {
      all.forEachRemaining(
          kv -> {
            if (kv.value != null && kv.value.getInFlight() != null) {
              out.put(kv.key, kv.value.getInFlight());
            }
          });
    }
    return out;
  }

  /** Entries in this stage's own ledger store: RocksDB's estimate. */
  long approximateEntries() {
    return own.approximateNumEntries();
  }

  /**
   * How many entries a purge looks at when the store holds {@code entries}: enough that the purges
   * of one retention make {@link #PASSES_PER_RETENTION} full passes, so the slice follows the rate
   * at which answers arrive (a store filled at R answers per second holds about R x retention
   * entries), and never fewer than {@link #MIN_PURGE_SLICE}.
   */
  static long purgeSlice(long entries, long retentionMs) {
    if (retentionMs <= 0) {
      return MIN_PURGE_SLICE;
    }
    double perPurge =
        (double) entries * PASSES_PER_RETENTION * PURGE_INTERVAL.toMillis() / retentionMs;
    return Math.max(MIN_PURGE_SLICE, (long) Math.ceil(perPurge));
  }

  /**
   * Whether {@link #purge} can ever delete anything here: this ledger keeps its stage's answers
   * (the primary or the batch stage's) and answers are kept for a retention.
   */
  boolean purges() {
    return own == answers && retentionMs > 0;
  }

  /**
   * When the next {@link #purge} can find work, wall clock epoch milliseconds: a {@link
   * #PURGE_INTERVAL} from {@code nowMs} while a pass runs, else when the oldest answer the last
   * pass kept can expire, never sooner than a purge interval from now. Call it after {@link
   * #purge}; every Kafka Streams punctuation makes its task commit, so an idle ledger must not be
   * punctuated for nothing.
   */
  long nextPurgeMs(long nowMs) {
    long soonest = nowMs + PURGE_INTERVAL.toMillis();
    return cursor != null ? soonest : Math.max(soonest, quietUntilMs);
  }

  /**
   * Deletes the expired answers among the next {@link #purgeSlice} entries, continuing where the
   * last purge stopped (by key; a pass wraps around at the end). Called at {@link #nextPurgeMs}.
   *
   * <p>A finished pass knows the oldest answer it kept, and every answer written since is younger
   * than the pass: nothing can expire before that oldest one does, so no pass starts until then (at
   * most {@code retention / PASSES_PER_RETENTION} later, which bounds how late an answer stamped
   * out of order is deleted). An idle ledger, or one younger than its retention, costs nothing to
   * purge.
   *
   * @return the entries looked at
   */
  long purge(long nowMs) {
    if (own != answers || retentionMs <= 0) {
      return 0; // the primary stage purges the shared answers; without retention none are kept
    }
    if (cursor == null) {
      if (nowMs < quietUntilMs) {
        return 0;
      }
      passStartMs = nowMs;
      passOldestMs = Long.MAX_VALUE;
    }
    long slice = purgeSlice(own.approximateNumEntries(), retentionMs);
    long seen = 0;
    String last = null;
    try (KeyValueIterator<String, LedgerEntry> it =
        cursor == null ? own.all() : own.range(cursor, null)) {
      while (it.hasNext() && seen < slice) {
        KeyValue<String, LedgerEntry> kv = it.next();
        last = kv.key;
        seen++;
        Long at = kv.value == null ? null : kv.value.getAnsweredAtMs();
        if (at == null && kv.value != null) {
          at = kv.value.getHandedOffAtMs();
        }
        if (at != null && nowMs - at >= retentionMs) {
          own.delete(kv.key);
        } else if (at != null) {
          passOldestMs = Math.min(passOldestMs, at);
        }
      }
      cursor = it.hasNext() ? last : null;
    }
    if (cursor == null) {
      quietUntilMs =
          Math.min(
              Math.min(passOldestMs, passStartMs) + retentionMs,
              nowMs + retentionMs / PASSES_PER_RETENTION);
    }
    return seen;
  }
}
