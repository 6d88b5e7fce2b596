package dev.ballast.bench.internal;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * CPU used by the JIT compiler threads ({@link ThreadGroupsCpu#JIT}) of another process since this
 * reader was created, in milliseconds: how much of a window the broker's or the bench process's own
 * compilers took from the cores the pipeline runs on. Each reading adds what each compiler thread
 * used since the last reading; a thread that ends (the JVM stops compiler threads it no longer
 * needs) takes nothing away. Reads {@code /proc} ({@link ThreadGroupsCpu#read}); -1 when the
 * process cannot be read. Not thread-safe.
 */
final class CompilerCpu implements LongSupplier {

  private final Supplier<Map<Long, ThreadGroupsCpu.Sample>> threads;
  private final Map<Long, Long> lastNanos = new HashMap<>();
  private long totalNanos;

  /**
   * @param pid the process whose compiler threads count
   */
  CompilerCpu(long pid) {
    this(() -> ThreadGroupsCpu.read(pid));
  }

  /**
   * @param threads the process's threads by thread id, {@link ThreadGroupsCpu#read} but in tests
   */
  CompilerCpu(Supplier<Map<Long, ThreadGroupsCpu.Sample>> threads) {
    this.threads = Objects.requireNonNull(threads, "threads");
    getAsLong();
    totalNanos = 0;
  }

  @Override
  public long getAsLong() {
    Map<Long, ThreadGroupsCpu.Sample> now = threads.get();
    for (Map.Entry<Long, ThreadGroupsCpu.Sample> t : now.entrySet()) {
      if (ThreadGroupsCpu.JIT.equals(t.getValue().kind())) {
        long cpu = t.getValue().cpuNanos();
        Long before = lastNanos.put(t.getKey(), cpu);
        totalNanos += Math.max(0, cpu - (before == null ? 0 : before));
      }
    }
    return now.isEmpty() ? -1 : totalNanos / 1_000_000;
  }
}
