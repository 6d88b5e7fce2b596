package dev.ballast.bench.internal;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * CPU used by the JIT compiler threads ({@link ThreadGroupsCpu#JIT}) of some processes since this
 * reader was created, in milliseconds: how much of a window the broker's and the bench process's
 * own compilers took from the cores the pipeline runs on. Each reading adds what each compiler
 * thread used since the last reading; a thread that ends (the JVM stops compiler threads it no
 * longer needs) takes nothing away. Reads {@code /proc} ({@link ThreadGroupsCpu#read}); -1 when
 * none of the processes can be read. Not thread-safe.
 */
final class CompilerCpu implements LongSupplier {

  private final List<Long> pids;
  private final Function<Long, Map<Long, ThreadGroupsCpu.Sample>> reader;
  private final Map<List<Long>, Long> lastNanos = new HashMap<>();
  private long totalNanos;

  /**
   * @param pids the processes whose compiler threads count
   */
  CompilerCpu(List<Long> pids) {
    this(pids, ThreadGroupsCpu::read);
  }

  /**
   * @param reader a process's threads by thread id, {@link ThreadGroupsCpu#read} but in tests
   */
  CompilerCpu(List<Long> pids, Function<Long, Map<Long, ThreadGroupsCpu.Sample>> reader) {
    this.pids = List.copyOf(pids);
    this.reader = Objects.requireNonNull(reader, "reader");
    getAsLong();
    totalNanos = 0;
  }

  @Override
  public long getAsLong() {
    boolean read = false;
    for (long pid : pids) {
      Map<Long, ThreadGroupsCpu.Sample> threads = reader.apply(pid);
      read |= !threads.isEmpty();
      for (Map.Entry<Long, ThreadGroupsCpu.Sample> t : threads.entrySet()) {
        if (!ThreadGroupsCpu.JIT.equals(t.getValue().kind())) {
          continue;
        }
        long now = t.getValue().cpuNanos();
        Long before = lastNanos.put(List.of(pid, t.getKey()), now);
        totalNanos += Math.max(0, now - (before == null ? 0 : before));
      }
    }
    return read ? totalNanos / 1_000_000 : -1;
  }
}
