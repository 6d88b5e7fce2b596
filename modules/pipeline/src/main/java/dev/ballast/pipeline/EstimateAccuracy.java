package dev.ballast.pipeline;

import java.util.concurrent.atomic.LongAdder;

/**
 * How close input-token estimates made before a call came to what the provider reported after it:
 * token-weighted, for the calibrated estimate and for the raw tokenizer count. Thread-safe (sums of
 * {@link LongAdder}s; a reading taken while answers arrive may mix two of them).
 */
public final class EstimateAccuracy {

  private final LongAdder answers = new LongAdder();
  private final LongAdder reportedTokens = new LongAdder();
  private final LongAdder errorTokens = new LongAdder();
  private final LongAdder rawErrorTokens = new LongAdder();

  /** Records one answer: both estimates and the provider's input token count, in tokens. */
  void record(int raw, int calibrated, int reported) {
    answers.increment();
    reportedTokens.add(reported);
    errorTokens.add(Math.abs(calibrated - reported));
    rawErrorTokens.add(Math.abs(raw - reported));
  }

  /** Answers whose input tokens were estimated before the call and reported after it. */
  LongAdder answers() {
    return answers;
  }

  /** Token-weighted error of calibrated estimates, in % of reported tokens (0 before any). */
  public double errorPercent() {
    return percentOfReported(errorTokens);
  }

  /** Token-weighted error of raw (uncalibrated) estimates, in % of reported tokens. */
  public double rawErrorPercent() {
    return percentOfReported(rawErrorTokens);
  }

  private double percentOfReported(LongAdder error) {
    long reported = reportedTokens.sum();
    return reported == 0 ? 0 : 100.0 * error.sum() / reported;
  }
}
