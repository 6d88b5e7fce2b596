package dev.ballast.pipeline;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Gauges over state stores that only their stream thread may read: each task publishes its figures
 * here from its own thread ({@link #ledger}, {@link #schedule}), and the gauges sum them when
 * scraped. A task that closes withdraws its figures ({@link #withdraw}).
 *
 * <p>Thread-safe.
 */
public final class StoreGauges {

  private record Schedule(long entries, long earliestDueMs) {}

  private final Map<String, Long> ledgers = new ConcurrentHashMap<>();
  private final Map<String, Schedule> schedules = new ConcurrentHashMap<>();

  StoreGauges(MeterRegistry registry) {
    Gauge.builder("ballast.ledger.entries", this, StoreGauges::ledgerEntries)
        .description(
            "entries in the in-flight ledgers of this instance's tasks (requests in flight and"
                + " answered ids kept for dedup.retention; RocksDB's estimate)")
        .register(registry);
    Gauge.builder("ballast.parked.requests", this, StoreGauges::parkedRequests)
        .description("parked requests waiting in this instance's schedules, all tiers")
        .register(registry);
    Gauge.builder(
            "ballast.parked.oldest.due.age",
            this,
            g -> g.oldestDueAgeMs(System.currentTimeMillis()) / 1000.0)
        .description("how long ago the earliest parked request came due; 0 when none is overdue")
        .baseUnit("seconds")
        .register(registry);
  }

  /**
   * Task {@code task}'s ledger holds about {@code entries} entries.
   *
   * @param task a name unique among this instance's tasks and stores
   */
  public void ledger(String task, long entries) {
    ledgers.put(task, Math.max(0, entries));
  }

  /**
   * Task {@code task}'s schedule holds about {@code entries} parked requests, the earliest due at
   * {@code earliestDueMs} (wall clock; ignored when {@code entries} is 0).
   */
  public void schedule(String task, long entries, long earliestDueMs) {
    schedules.put(task, new Schedule(Math.max(0, entries), earliestDueMs));
  }

  /** Task {@code task} closed: its figures no longer count. */
  public void withdraw(String task) {
    ledgers.remove(task);
    schedules.remove(task);
  }

  public long ledgerEntries() {
    return ledgers.values().stream().mapToLong(Long::longValue).sum();
  }

  public long parkedRequests() {
    return schedules.values().stream().mapToLong(Schedule::entries).sum();
  }

  /** Milliseconds since the earliest parked request came due at {@code nowMs}; 0 if none is. */
  public long oldestDueAgeMs(long nowMs) {
    return schedules.values().stream()
        .filter(s -> s.entries() > 0)
        .mapToLong(s -> Math.max(0, nowMs - s.earliestDueMs()))
        .max()
        .orElse(0);
  }
}
