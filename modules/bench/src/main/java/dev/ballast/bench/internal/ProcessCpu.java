package dev.ballast.bench.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The CPU one process used over a window of wall time, from a reading of its accumulated CPU time
 * (user + system, all threads; {@code ProcessHandle.Info#totalCpuDuration}, which Linux counts in
 * clock ticks of 10 ms). Not thread-safe: one measuring thread.
 */
final class ProcessCpu {

  private final LongSupplier cpuNanos;
  private final LongSupplier wallNanos;
  private final Supplier<Map<Long, ThreadGroupsCpu.Sample>> byThread;
  private final Supplier<Map<Long, String>> names;
  private Map<Long, ThreadGroupsCpu.Sample> threadsStart = Map.of();
  private long cpuStart;
  private long wallStart;

  /**
   * @param cpuNanos the process's accumulated CPU time in nanoseconds, or a negative value when
   *     unknown
   * @param wallNanos a monotonic clock in nanoseconds ({@code System::nanoTime})
   */
  ProcessCpu(LongSupplier cpuNanos, LongSupplier wallNanos) {
    this(cpuNanos, wallNanos, Map::of, Map::of);
  }

  /**
   * As {@link #ProcessCpu(LongSupplier, LongSupplier)}, also splitting the CPU time by kind of
   * thread.
   *
   * @param byThread each live thread's kind and accumulated CPU time (see {@link
   *     ThreadGroupsCpu#read})
   * @param names the Java names of the live threads by thread id, read after each window (see
   *     {@link ThreadGroupsCpu#javaNames})
   */
  ProcessCpu(
      LongSupplier cpuNanos,
      LongSupplier wallNanos,
      Supplier<Map<Long, ThreadGroupsCpu.Sample>> byThread,
      Supplier<Map<Long, String>> names) {
    this.cpuNanos = cpuNanos;
    this.wallNanos = wallNanos;
    this.byThread = byThread;
    this.names = names;
  }

  /** Starts (or restarts) a window. */
  ProcessCpu start() {
    threadsStart = byThread.get();
    cpuStart = cpuNanos.getAsLong();
    wallStart = wallNanos.getAsLong();
    return this;
  }

  /** The window so far: CPU time used and wall time passed since {@link #start()}. */
  Window read() {
    long cpu = cpuNanos.getAsLong();
    long wall = wallNanos.getAsLong() - wallStart;
    Map<Long, ThreadGroupsCpu.Sample> threads = byThread.get();
    Map<Long, String> javaNames = names.get();
    return new Window(
        cpu < 0 || cpuStart < 0 ? -1 : cpu - cpuStart,
        wall,
        ThreadGroupsCpu.pctOfOneCore(threadsStart, threads, wall),
        ThreadGroupsCpu.byName(threadsStart, threads, wall, javaNames),
        threads.isEmpty() ? -1 : ThreadGroupsCpu.switches(threadsStart, threads),
        ThreadGroupsCpu.switchesByName(threadsStart, threads, javaNames));
  }

  /**
   * CPU used over a window.
   *
   * @param cpuNanos CPU time used, nanoseconds; negative when unknown
   * @param wallNanos wall time passed, nanoseconds
   * @param pctByKind percent of one core by kind of thread (JIT, GC, other; threads that ended
   *     during the window are missing); empty when unknown
   * @param pctByName percent of one core of the largest groups of threads by name, largest first
   *     ({@link ThreadGroupsCpu#byName}); empty when unknown
   * @param contextSwitches the process's threads' context switches ({@link
   *     ThreadGroupsCpu#switches}); negative when unknown
   * @param switchesByName context switches of the largest groups of threads by name, largest first
   *     ({@link ThreadGroupsCpu#switchesByName}); empty when unknown
   */
  record Window(
      long cpuNanos,
      long wallNanos,
      Map<String, Object> pctByKind,
      Map<String, Object> pctByName,
      long contextSwitches,
      Map<String, Long> switchesByName) {

    Window {
      pctByKind = Map.copyOf(pctByKind);
      pctByName = Collections.unmodifiableMap(new LinkedHashMap<>(pctByName));
      switchesByName = Collections.unmodifiableMap(new LinkedHashMap<>(switchesByName));
    }

    /** CPU time as a percentage of one core over the window (200 = two cores busy); -1 unknown. */
    double pctOfOneCore() {
      if (cpuNanos < 0 || wallNanos <= 0) {
        return -1;
      }
      return Units.round(cpuNanos * 100.0 / wallNanos, 2);
    }

    /** CPU milliseconds per request for {@code requests} handled in the window; -1 unknown. */
    double msPerRequest(long requests) {
      if (cpuNanos < 0 || requests <= 0) {
        return -1;
      }
      return Units.round(cpuNanos / 1e6 / requests, 3);
    }

    /** Context switches per request for {@code requests} handled in the window; -1 unknown. */
    double switchesPerRequest(long requests) {
      if (contextSwitches < 0 || requests <= 0) {
        return -1;
      }
      return Units.round((double) contextSwitches / requests, 1);
    }

    /**
     * Context switches per request by group of thread names, largest first, for {@code requests}
     * handled in the window; empty when unknown.
     */
    Map<String, Object> switchesPerRequestByName(long requests) {
      Map<String, Object> out = new LinkedHashMap<>();
      if (requests > 0) {
        switchesByName.forEach((g, n) -> out.put(g, Units.round((double) n / requests, 2)));
      }
      return out;
    }

    /** CPU time in milliseconds; -1 unknown. */
    double cpuMs() {
      return cpuNanos < 0 ? -1 : Units.round(cpuNanos / 1e6, 1);
    }
  }

  /**
   * Run-to-run spread: (largest − smallest) / median, in percent; 0 for fewer than two runs.
   *
   * @throws IllegalArgumentException when a value is not positive
   */
  static double spreadPct(List<Double> runs) {
    if (runs.size() < 2) {
      return 0;
    }
    List<Double> sorted = new ArrayList<>(runs);
    sorted.sort(Double::compare);
    if (sorted.get(0) <= 0) {
      throw new IllegalArgumentException("runs must be positive, were " + runs);
    }
    int n = sorted.size();
    double median =
        n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    return Units.round((sorted.get(n - 1) - sorted.get(0)) * 100 / median, 1);
  }
}
