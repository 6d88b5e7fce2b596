package dev.ballast.bench.internal;

import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;

/**
 * How busy this process kept the machine's cores between {@link #start()} and {@link #share()}: 1.0
 * means every core was busy with this JVM the whole time. Not thread-safe.
 */
final class CpuMeter {

  private long cpuStart;
  private long jitStartMs;
  private long wallStart;

  /** Starts (or restarts) measuring. */
  CpuMeter start() {
    cpuStart = processCpuNanos();
    jitStartMs = jitMillis();
    wallStart = System.nanoTime();
    return this;
  }

  /**
   * The JIT's accumulated compilation time since {@link #start()} / (wall time × cores); -1 when
   * unknown. The JVM reports elapsed compile time, which includes time a compiler thread waited for
   * a core, so on a saturated machine this overstates the JIT's CPU; high values mean the code was
   * still being compiled.
   */
  double jitShare() {
    long jit = jitMillis();
    if (jit < 0 || jitStartMs < 0) {
      return -1;
    }
    long wall = System.nanoTime() - wallStart;
    return Units.round(
        (jit - jitStartMs) * 1e6 / (wall * (double) Runtime.getRuntime().availableProcessors()), 3);
  }

  /** The JVM's accumulated (elapsed) compilation time in ms, or -1 when it reports none. */
  static long jitMillis() {
    var jit = ManagementFactory.getCompilationMXBean();
    return jit != null && jit.isCompilationTimeMonitoringSupported()
        ? jit.getTotalCompilationTime()
        : -1;
  }

  /** This process's CPU time since {@link #start()} / (wall time × cores); -1 when unknown. */
  double share() {
    long cpu = processCpuNanos();
    if (cpu < 0 || cpuStart < 0) {
      return -1;
    }
    long wall = System.nanoTime() - wallStart;
    return Units.round(
        (double) (cpu - cpuStart) / (wall * (double) Runtime.getRuntime().availableProcessors()),
        3);
  }

  private static long processCpuNanos() {
    if (ManagementFactory.getOperatingSystemMXBean() instanceof OperatingSystemMXBean os) {
      return os.getProcessCpuTime();
    }
    return -1;
  }
}
