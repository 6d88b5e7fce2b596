package dev.ballast.modelclient;

import dev.ballast.modelclient.recovery.RecoveryTable;

/**
 * An endpoint's recent trouble rate: the share of its recent calls that were throttled or failed in
 * a way the {@link RecoveryTable} counts against the endpoint, with every call's weight halving
 * every {@link #HALF_LIFE_MS} ms (an exponentially decayed count, so a recovered endpoint wins its
 * traffic back within seconds). Calls refused before they were sent (cool-down, open breaker) and
 * failures tied to one request (its length, its schema) are not counted.
 *
 * <p>This class is thread-safe.
 */
public final class EndpointHealth {

  /** How long a call's weight takes to halve, ms. */
  public static final double HALF_LIFE_MS = 10_000;

  /** Decayed calls below which the rate reads 0: a handful of calls says nothing. */
  static final double MIN_WEIGHT = 5;

  private double calls;
  private double troubles;
  private long atMs;

  /** Records one sent call that ended at {@code nowMs}; {@code f} is its failure, or null. */
  public synchronized void record(Failure f, long nowMs) {
    decay(nowMs);
    calls += 1;
    if (f != null
        && (f.failureClass() == FailureClass.THROTTLED || RecoveryTable.countsAgainstEndpoint(f))) {
      troubles += 1;
    }
  }

  /** The share of recent calls in trouble at {@code nowMs}, within 0..1; 0 with too few calls. */
  public synchronized double troubleRate(long nowMs) {
    decay(nowMs);
    return calls < MIN_WEIGHT ? 0 : troubles / calls;
  }

  private void decay(long nowMs) {
    long elapsed = nowMs - atMs;
    if (elapsed <= 0) {
      return;
    }
    double factor = Math.pow(0.5, elapsed / HALF_LIFE_MS);
    calls *= factor;
    troubles *= factor;
    atMs = nowMs;
  }
}
