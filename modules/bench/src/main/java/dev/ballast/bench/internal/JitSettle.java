package dev.ballast.bench.internal;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.function.LongSupplier;

/**
 * When a warm-up under steady load may end: once the JIT compilers have settled, so that the
 * measured part sees the code a long-running process runs rather than the compilers competing for
 * the cores. In a JVM that holds the broker, the simulator and the pipeline, C2 still compiled for
 * about half of two cores' time 50 s into a 200 req/s load
 * (modules/bench/results/2026-12-02/NOTES.md).
 *
 * <p>The warm-up ends at the first {@link #done} call when at least {@code min} has passed and the
 * JVM's accumulated compilation time grew by at most {@code maxShare} of the cores' time over the
 * last {@code window}; or, settled or not, once {@code max} has passed. The compilation time is the
 * JVM's elapsed one ({@code CompilationMXBean}), which includes a compiler thread's waits for a
 * core, so the share is an upper bound of the compilers' CPU.
 *
 * <p>Not thread-safe: one sending thread calls {@link #done}.
 */
final class JitSettle {

  private final long minNanos;
  private final long maxNanos;
  private final long windowNanos;
  private final double maxShare;
  private final int cores;
  private final LongSupplier nanoTime;
  private final LongSupplier compileMillis;
  private final long startNanos;
  private final ArrayDeque<long[]> samples = new ArrayDeque<>();
  private long lastSampleNanos;
  private boolean settled;
  private double lastShare = Double.NaN;

  /**
   * @param min the shortest warm-up
   * @param max the longest warm-up, settled or not; at least {@code min}
   * @param window how far back the compilers' share is taken, positive
   * @param maxShare the compilers' share of the cores' time (0–1) under which they count as settled
   */
  JitSettle(Duration min, Duration max, Duration window, double maxShare) {
    this(
        min,
        max,
        window,
        maxShare,
        Runtime.getRuntime().availableProcessors(),
        System::nanoTime,
        CpuMeter::jitMillis);
  }

  /**
   * @param cores the cores the share is of
   * @param nanoTime the clock, {@code System.nanoTime()} but in tests
   * @param compileMillis the JVM's accumulated compilation time in ms, or -1 when it reports none
   *     (then the warm-up lasts {@code min})
   */
  JitSettle(
      Duration min,
      Duration max,
      Duration window,
      double maxShare,
      int cores,
      LongSupplier nanoTime,
      LongSupplier compileMillis) {
    if (max.compareTo(min) < 0 || window.isZero() || window.isNegative()) {
      throw new IllegalArgumentException("need min <= max and a positive window");
    }
    this.minNanos = min.toNanos();
    this.maxNanos = max.toNanos();
    this.windowNanos = window.toNanos();
    this.maxShare = maxShare;
    this.cores = cores;
    this.nanoTime = nanoTime;
    this.compileMillis = compileMillis;
    this.startNanos = nanoTime.getAsLong();
    this.lastSampleNanos = startNanos;
    samples.add(new long[] {startNanos, compileMillis.getAsLong()});
  }

  /** Whether the warm-up may end now; cheap enough to call once per request sent. */
  boolean done() {
    long now = nanoTime.getAsLong();
    long elapsed = now - startNanos;
    if (elapsed >= maxNanos) {
      return true;
    }
    if (now - lastSampleNanos < windowNanos / 20) {
      return false;
    }
    lastSampleNanos = now;
    long compiled = compileMillis.getAsLong();
    if (compiled < 0) {
      return elapsed >= minNanos;
    }
    samples.add(new long[] {now, compiled});
    while (samples.size() > 2 && now - samples.peekFirst()[0] > windowNanos) {
      samples.pollFirst();
    }
    long[] first = samples.peekFirst();
    long span = now - first[0];
    if (span < windowNanos * 19 / 20) {
      return false;
    }
    lastShare = (compiled - first[1]) * 1e6 / ((double) span * cores);
    settled = lastShare <= maxShare;
    return settled && elapsed >= minNanos;
  }

  /** Whether the compilers had settled when the warm-up ended ({@code false} if it hit the max). */
  boolean settled() {
    return settled;
  }

  /** The compilers' share of the cores' time over the last full window, or NaN before one. */
  double lastShare() {
    return lastShare;
  }

  /** Seconds since this warm-up began, rounded to one decimal place. */
  double seconds() {
    return Units.round((nanoTime.getAsLong() - startNanos) / 1e9, 1);
  }
}
