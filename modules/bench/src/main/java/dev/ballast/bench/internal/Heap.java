package dev.ballast.bench.internal;

import java.lang.management.ManagementFactory;

/**
 * Heap readings. A reading is the heap in use right after a full collection ({@code System.gc()},
 * which G1 runs as a stop-the-world full GC unless {@code -XX:+ExplicitGCInvokesConcurrent} is
 * set): the live set, without garbage that merely has not been collected yet.
 */
final class Heap {

  private Heap() {}

  /** Runs a full GC and returns the bytes of heap in use after it. */
  static long usedAfterGc() {
    System.gc();
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }
}
