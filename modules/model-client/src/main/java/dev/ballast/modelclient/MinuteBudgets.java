package dev.ballast.modelclient;

import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * An endpoint's per-minute budgets as a fleet's: requests and tokens over a sliding minute of 100
 * ms slots (providers count their quotas over a sliding minute), kept to a scale that shrinks while
 * the account is out of quota.
 *
 * <p><b>Fleet units.</b> Each charge is counted as what the fleet sent at the same time, as this
 * instance estimates it: a request sent while this instance's {@linkplain #share(double) share} is
 * {@code s} counts {@code 1/s} requests (its tokens {@code 1/s} times), and the sum is held to the
 * whole budget. So a change of share neither frees budget at once (a share that grows when another
 * instance dies: the dead one's calls stay in the provider's minute until they age out) nor blocks
 * this instance until its own past calls age out (a share that shrinks when one joins): the new
 * share's rate applies from the change on. With a share of 1 this is plain counting.
 *
 * <p><b>A minute already in use.</b> An instance that joins a fleet knows nothing of the calls the
 * fleet made in the last minute, which the provider still counts. {@link #assumeUsed} takes the
 * fleet's use per second over that minute as another instance estimated it ({@link
 * #usedPerSecond}), each second's use ageing out a minute after it; so a joining instance starts at
 * the rate the provider's minute frees, instead of a burst of its whole share.
 *
 * <p>A slot's charges leave the window when its end is more than a minute and one slot old: the
 * window is 60.1 to 60.2 s long, never shorter than the provider's (which counts from when a call
 * arrived, a little after it was charged here). Not thread-safe: {@link Admission} guards it with
 * its own lock.
 */
final class MinuteBudgets {

  static final long SLOT_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

  /** Slots counted besides the current one: a minute and one slot. */
  private static final int BACK = 601;

  /** Seconds of a {@link #usedPerSecond} profile. */
  static final int SECONDS = 60;

  private static final long SECOND_NANOS = TimeUnit.SECONDS.toNanos(1);
  private static final double EPSILON = 1e-6;

  private final LongSupplier nanos;
  private final double[] requests = new double[BACK + 1];
  private final double[] tokens = new double[BACK + 1];
  private double requestSum;
  private double tokenSum;
  private long current;
  private double fleetShare = 1.0;
  private double scale = 1.0;
  private double[] assumed = new double[0];
  private long assumedAt;

  MinuteBudgets(LongSupplier nanos) {
    this.nanos = nanos;
    this.current = nanos.getAsLong() / SLOT_NANOS;
  }

  /** Moves the window to now, forgetting slots that left it; returns the current slot. */
  long advance() {
    long now = nanos.getAsLong() / SLOT_NANOS;
    if (now > current) {
      long steps = Math.min(BACK + 1, now - current);
      for (long i = 1; i <= steps; i++) {
        int slot = index(current + i);
        requests[slot] = 0;
        tokens[slot] = 0;
      }
      current = now;
      requestSum = sum(requests); // exact again, no drift from adding and removing
      tokenSum = sum(tokens);
    }
    return current;
  }

  /** Charges one request of {@code charged} tokens to the current slot, in fleet units. */
  void charge(long charged) {
    int s = index(current);
    double unit = 1.0 / fleetShare;
    requests[s] += unit;
    tokens[s] += charged * unit;
    requestSum += unit;
    tokenSum += charged * unit;
  }

  /**
   * Replaces {@code charged} tokens of {@code slot} with {@code actual}, if still in the window (in
   * fleet units of the share now).
   */
  void correct(long slot, long charged, long actual) {
    advance();
    if (current - slot <= BACK && actual > 0) {
      int s = index(slot);
      double corrected = Math.max(0, tokens[s] + (actual - charged) / fleetShare);
      // Once per call: adjust the sum, which advance() makes exact again at the next slot.
      tokenSum += corrected - tokens[s];
      tokens[s] = corrected;
    }
  }

  /** Requests over the window, in fleet units (this instance's own at a share of 1). */
  double requests() {
    return requestSum;
  }

  /** Tokens over the window, in fleet units. */
  double tokens() {
    return tokenSum;
  }

  /** Nanoseconds until the next slot starts. */
  long untilNextSlot() {
    return SLOT_NANOS - Math.floorMod(nanos.getAsLong(), SLOT_NANOS);
  }

  /**
   * Whether one more request of {@code charge} tokens fits {@code rpm} and {@code tpm} (0: no
   * limit), of which the lane may use {@code laneShare}. A call larger than the whole budget still
   * goes, alone, once the window is empty.
   */
  boolean fits(int rpm, long tpm, long charge, double laneShare) {
    double keep = laneShare * scale;
    double unit = 1.0 / fleetShare;
    double earlier = assumedNow();
    if (rpm > 0) {
      double used = requestSum + earlier * rpm;
      if (used > 0 && used + unit > rpm * keep + EPSILON) {
        return false;
      }
    }
    if (tpm > 0) {
      double used = tokenSum + earlier * tpm;
      return used <= 0 || used + charge * unit <= tpm * keep + EPSILON;
    }
    return true;
  }

  /**
   * The fraction of the budgets the fleet used over the window, as estimated here: the larger of
   * the requests' and the tokens' fraction, the assumed earlier use included; 0 without limits.
   */
  double used(int rpm, long tpm) {
    double earlier = assumedNow();
    double r = rpm > 0 ? requestSum / rpm + earlier : 0;
    double t = tpm > 0 ? tokenSum / tpm + earlier : 0;
    return Math.max(r, t);
  }

  /**
   * The fleet's use of the budgets in each of the last {@value #SECONDS} seconds, newest first, as
   * estimated here: per second the larger of the requests' and the tokens' fraction (slots older
   * than a minute count in the oldest second), the assumed earlier use included.
   */
  double[] usedPerSecond(int rpm, long tpm) {
    double[] out = new double[SECONDS];
    for (int age = 0; age <= BACK; age++) {
      int s = index(current - age);
      int second = (int) Math.min(SECONDS - 1, age * SLOT_NANOS / SECOND_NANOS);
      out[second] += Math.max(rpm > 0 ? requests[s] / rpm : 0, tpm > 0 ? tokens[s] / tpm : 0);
    }
    int shift = assumedShift();
    for (int j = 0; j < assumed.length && j + shift < SECONDS; j++) {
      out[j + shift] += assumed[j];
    }
    return out;
  }

  /**
   * The fleet used {@code perSecond} of the budgets in each of the last seconds (newest first, as
   * {@link #usedPerSecond} gives it): what an instance that joins assumes, each second's use
   * leaving the window a minute after that second ended. Replaces an earlier assumption when it
   * adds up to more than {@link #used} counts now; else changes nothing.
   */
  void assumeUsed(double[] perSecond, int rpm, long tpm) {
    double sum = 0;
    for (double f : perSecond) {
      sum += Math.max(0, f);
    }
    if (sum > used(rpm, tpm)) {
      assumed = new double[Math.min(SECONDS, perSecond.length)];
      for (int j = 0; j < assumed.length; j++) {
        assumed[j] = Math.max(0, perSecond[j]);
      }
      assumedAt = nanos.getAsLong();
    }
  }

  /**
   * Keeps to {@code share} of the budgets: this instance's part of the fleet's.
   *
   * @throws IllegalArgumentException when {@code share} is outside (0, 1]
   */
  void share(double share) {
    if (!(share > 0 && share <= 1)) {
      throw new IllegalArgumentException("share must be within (0, 1], was " + share);
    }
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

  /** What is left of the assumed earlier use now. */
  private double assumedNow() {
    double left = 0;
    int shift = assumedShift();
    for (int j = 0; j < assumed.length && j + shift < SECONDS; j++) {
      left += assumed[j];
    }
    return left;
  }

  /** Whole seconds since the assumption was made. */
  private int assumedShift() {
    return (int) Math.min(SECONDS, (nanos.getAsLong() - assumedAt) / SECOND_NANOS);
  }

  private static int index(long slot) {
    return (int) Math.floorMod(slot, (long) (BACK + 1));
  }

  private static double sum(double[] a) {
    double s = 0;
    for (double v : a) {
      s += v;
    }
    return s;
  }
}
