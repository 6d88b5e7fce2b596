package dev.ballast.modelclient;

import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * An endpoint's per-minute budgets: requests and tokens charged over a sliding minute of one-second
 * slots (as providers count their quotas), kept to this instance's share of the fleet's budgets and
 * to a scale that shrinks while the account is out of quota. Not thread-safe: {@link Admission}
 * guards it with its own lock.
 */
final class MinuteBudgets {

  static final long SLOT_NANOS = TimeUnit.SECONDS.toNanos(1);
  private static final int SLOTS = 60;

  private final LongSupplier nanos;
  private final long[] requests = new long[SLOTS];
  private final long[] tokens = new long[SLOTS];
  private long current;
  private double fleetShare = 1.0;
  private double scale = 1.0;

  MinuteBudgets(LongSupplier nanos) {
    this.nanos = nanos;
    this.current = nanos.getAsLong() / SLOT_NANOS;
  }

  /** Moves the window to now, forgetting slots older than a minute; returns the current slot. */
  long advance() {
    long now = nanos.getAsLong() / SLOT_NANOS;
    if (now > current) {
      long steps = Math.min(SLOTS, now - current);
      for (long i = 1; i <= steps; i++) {
        int slot = (int) ((current + i) % SLOTS);
        requests[slot] = 0;
        tokens[slot] = 0;
      }
      current = now;
    }
    return current;
  }

  /** Charges one request of {@code charged} tokens to the current slot. */
  void charge(long charged) {
    requests[(int) (current % SLOTS)]++;
    tokens[(int) (current % SLOTS)] += charged;
  }

  /**
   * Replaces {@code charged} tokens of {@code slot} with {@code actual}, if still in the window.
   */
  void correct(long slot, long charged, long actual) {
    advance();
    if (current - slot < SLOTS && actual > 0) {
      int s = (int) (slot % SLOTS);
      tokens[s] = Math.max(0, tokens[s] + actual - charged);
    }
  }

  /** Requests charged over the last minute. */
  long requests() {
    return sum(requests);
  }

  /** Tokens charged over the last minute. */
  long tokens() {
    return sum(tokens);
  }

  /** Nanoseconds until the next slot starts. */
  long untilNextSlot() {
    return SLOT_NANOS - Math.floorMod(nanos.getAsLong(), SLOT_NANOS);
  }

  /**
   * Whether one more request of {@code charge} tokens fits {@code rpm} and {@code tpm} (0: no
   * limit), of which the lane may use {@code laneShare}. A call larger than the whole token budget
   * still goes, alone, once the minute is empty.
   */
  boolean fits(int rpm, long tpm, long charge, double laneShare) {
    double keep = laneShare * scale;
    if (rpm > 0 && requests() + 1 > Math.max(1, (long) (scaled(rpm) * keep))) {
      return false;
    }
    if (tpm > 0) {
      long used = tokens();
      return used + charge <= (long) (scaled(tpm) * keep) || used == 0;
    }
    return true;
  }

  /** Keeps to {@code share} of the budgets: this instance's part of the fleet's. */
  void share(double share) {
    fleetShare = share;
  }

  double share() {
    return fleetShare;
  }

  /** The account is out of quota: 30 % less of every budget, down to 5 %. */
  void shrink() {
    scale = Math.max(0.05, scale * 0.7);
  }

  /** A call succeeded: 1 % more, back up to the whole budgets. */
  void grow() {
    scale = Math.min(1.0, scale + 0.01);
  }

  /** A per-minute budget scaled to this instance's share of the fleet's; at least 1. */
  private long scaled(long budget) {
    return Math.max(1, (long) Math.floor(budget * fleetShare + 1e-9));
  }

  private static long sum(long[] a) {
    long s = 0;
    for (long v : a) {
      s += v;
    }
    return s;
  }
}
