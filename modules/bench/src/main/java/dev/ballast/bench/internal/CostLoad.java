package dev.ballast.bench.internal;

import dev.ballast.client.BallastClient;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import java.util.function.DoubleSupplier;
import java.util.function.Supplier;

/**
 * The cost scenario's load generator: open-loop load at a fixed rate on the {@code paced} route, or
 * a closed loop on the {@code zero} route, each for a number of seconds, optionally measuring the
 * pipeline process's CPU over exactly that window. Runs on the caller's thread; not thread-safe.
 */
final class CostLoad {

  /** Requests submitted and not yet answered, at most, in the closed loop. */
  static final int BACKLOG = 20_000;

  private final BallastClient client;
  private final ResultTracker tracker;

  /** The route of the paced runs (a 50 ms model) and of the capacity runs (a 0 ms model). */
  static final String PACED = "paced";

  static final String ZERO = "zero";

  private final BenchRequests paced = new BenchRequests(PACED, "cost-");
  private long sent;

  CostLoad(BallastClient client, ResultTracker tracker) {
    this.client = client;
    this.tracker = tracker;
  }

  /**
   * What one window measured.
   *
   * @param window the pipeline process's CPU over the window; null when not measured
   * @param completed results read in the window
   * @param submitted requests submitted in the window
   */
  record Phase(ProcessCpu.Window window, long completed, long submitted) {

    Map<String, Object> describe() {
      Map<String, Object> m = new LinkedHashMap<>();
      double s = window.wallNanos() / 1e9;
      m.put("seconds", Units.round(s, 2));
      m.put("submitted", submitted);
      m.put("completed", completed);
      m.put("resultsPerSecond", Units.round(completed / s, 1));
      m.put("cpuMs", window.cpuMs());
      m.put("cpuMsPerRequest", window.msPerRequest(completed));
      m.put("cpuPctOfOneCore", window.pctOfOneCore());
      m.put("cpuPctOfOneCoreByThreads", window.pctByKind());
      m.put("cpuPctOfOneCoreByThreadName", window.pctByName());
      m.put("contextSwitchesPerRequest", window.switchesPerRequest(completed));
      m.put("contextSwitchesPerRequestByThreadName", window.switchesPerRequestByName(completed));
      return m;
    }
  }

  /** Requests submitted so far. */
  long sent() {
    return sent;
  }

  /** Submits {@code rate} requests per second for {@code seconds}; measures when cpu is given. */
  Phase paced(int rate, int seconds, ProcessCpu cpu) {
    return paced(rate, seconds, cpu, null);
  }

  /**
   * As {@link #paced(int, int, ProcessCpu)}, and logs each request's due time in {@code log} when
   * given, so that its latency from the scheduled send is measured.
   */
  Phase paced(int rate, int seconds, ProcessCpu cpu, OpenLoopLog log) {
    Pacer pacer = new Pacer(rate);
    long n = (long) rate * seconds;
    int done0 = tracker.completed();
    long sent0 = sent;
    if (cpu != null) {
      cpu.start();
    }
    for (long i = 0; i < n; i++) {
      long due = pacer.awaitNext();
      long n0 = sent++;
      if (log != null) {
        log.sent(paced.id(n0), due);
      }
      client.submit(paced.request(n0, Instant.now()));
    }
    pacer.awaitNext();
    return phase(cpu, done0, sent0);
  }

  /** Keeps up to {@link #BACKLOG} requests outstanding for {@code seconds}. */
  Phase closedLoop(int seconds, ProcessCpu cpu) {
    BenchRequests zero = new BenchRequests(ZERO, "cost-");
    int done0 = tracker.completed();
    long sent0 = sent;
    if (cpu != null) {
      cpu.start();
    }
    long end = System.nanoTime() + seconds * 1_000_000_000L;
    while (System.nanoTime() < end) {
      if (sent - tracker.completed() >= BACKLOG) {
        LockSupport.parkNanos(1_000_000);
        continue;
      }
      client.submit(zero.request(sent++, Instant.now()));
    }
    return phase(cpu, done0, sent0);
  }

  private Phase phase(ProcessCpu cpu, int done0, long sent0) {
    ProcessCpu.Window w = cpu == null ? null : cpu.read();
    return new Phase(w, tracker.completed() - done0, sent - sent0);
  }

  /** Waits until every request submitted has a result. */
  void drain() {
    client.flush();
    if (!Waits.until(Duration.ofSeconds(120), () -> tracker.completed() >= sent)) {
      throw new IllegalStateException(
          "only " + tracker.completed() + " of " + sent + " requests completed after 120 s");
    }
  }

  /**
   * Runs {@code slice}-second slices (each returning its CPU window) until the JIT is quiet over
   * one ({@link CostBench#QUIET_JIT_PCT}), at most {@link CostBench#QUIET_MAX_SECONDS}; returns the
   * seconds it took.
   */
  static int settle(int slice, Supplier<ProcessCpu.Window> oneSlice) {
    return settleJit(slice, () -> jitPct(oneSlice.get()));
  }

  /**
   * Runs {@code slice}-second slices, each returning the JIT compilers' CPU over it in percent of
   * one core, until one returns less than {@link CostBench#QUIET_JIT_PCT}, at most {@link
   * CostBench#QUIET_MAX_SECONDS}; returns the seconds it took.
   */
  static int settleJit(int slice, DoubleSupplier jitPctOfOneSlice) {
    int s = 0;
    do {
      s += slice;
      if (jitPctOfOneSlice.getAsDouble() < CostBench.QUIET_JIT_PCT) {
        break;
      }
    } while (s < CostBench.QUIET_MAX_SECONDS);
    return s;
  }

  private static double jitPct(ProcessCpu.Window w) {
    Object jit = w.pctByKind().get(ThreadGroupsCpu.JIT);
    return jit instanceof Number n ? n.doubleValue() : 0;
  }
}
