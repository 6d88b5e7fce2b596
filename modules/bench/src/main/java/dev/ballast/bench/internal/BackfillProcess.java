package dev.ballast.bench.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One {@code ./ballast backfill} process: started with a fixed maximum heap and a GC log, killed
 * with SIGKILL or awaited, with its peak heap read from the GC log and its peak resident set from
 * {@code /proc/<pid>/status} ({@code VmHWM}, Linux). Used by the runner's thread only.
 */
final class BackfillProcess {

  /** A unified-logging GC line's heap change, e.g. {@code 52M->10M(256M)} (JDK 9+ {@code gc}). */
  private static final Pattern HEAP_CHANGE = Pattern.compile("(\\d+)M->(\\d+)M\\((\\d+)M\\)");

  private static final Pattern VM_HWM = Pattern.compile("VmHWM:\\s+(\\d+) kB");

  private final Process process;
  private final Path log;
  private final Path gcLog;
  private final long startNanos = System.nanoTime();
  private long peakRssKb;

  private BackfillProcess(Process process, Path log, Path gcLog) {
    this.process = process;
    this.log = log;
    this.gcLog = gcLog;
  }

  /**
   * Starts {@code script backfill args...} with {@code BALLAST_SKIP_BUILD=1} (the command line as
   * built) and {@code -Xmx<heapMb>m}; output goes to {@code log}, the GC log next to it.
   */
  static BackfillProcess start(Path script, List<String> args, int heapMb, Path log) {
    Path gcLog = log.resolveSibling(log.getFileName() + ".gc");
    List<String> command = new ArrayList<>();
    command.add(script.toString());
    command.add("backfill");
    command.addAll(args);
    ProcessBuilder b =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()));
    Map<String, String> env = b.environment();
    env.put("BALLAST_SKIP_BUILD", "1");
    env.put("BALLAST_JAVA_OPTS", "-Xmx" + heapMb + "m -Xlog:gc:file=" + gcLog);
    try {
      return new BackfillProcess(b.start(), log, gcLog);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot start " + command, e);
    }
  }

  boolean alive() {
    sampleRss();
    return process.isAlive();
  }

  /** Kills the process with SIGKILL (the script execs the JVM: the same pid) and waits for it. */
  void kill() throws InterruptedException {
    sampleRss();
    process.destroyForcibly();
    process.waitFor();
  }

  /**
   * Waits up to {@code bound} for the process to exit, sampling its resident set meanwhile.
   *
   * @return its exit code
   * @throws IllegalStateException when it is still running after {@code bound} (it is killed)
   */
  int await(Duration bound) throws InterruptedException {
    long deadline = System.nanoTime() + bound.toNanos();
    while (!process.waitFor(500, TimeUnit.MILLISECONDS)) {
      sampleRss();
      if (System.nanoTime() > deadline) {
        process.destroyForcibly();
        throw new IllegalStateException("backfill still running after " + bound + ": " + tail());
      }
    }
    return process.exitValue();
  }

  /** Seconds since start. */
  double seconds() {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  /** The largest resident set seen, in MiB (0 when {@code /proc} cannot be read). */
  double peakRssMb() {
    return Units.round(peakRssKb / 1024.0, 1);
  }

  /**
   * Heap figures from the GC log, in MiB: {@code maxBeforeGc} (the most heap in use when a
   * collection started), {@code maxAfterGc} (the most still in use after one: the live set's high
   * water mark), {@code collections}.
   */
  Map<String, Object> heap() {
    long before = 0;
    long after = 0;
    long count = 0;
    try {
      for (String line : Files.readAllLines(gcLog)) {
        Matcher m = HEAP_CHANGE.matcher(line);
        if (m.find()) {
          before = Math.max(before, Long.parseLong(m.group(1)));
          after = Math.max(after, Long.parseLong(m.group(2)));
          count++;
        }
      }
    } catch (IOException e) {
      return Map.of("error", "no GC log: " + e.getMessage());
    }
    return Map.of("maxBeforeGcMb", before, "maxAfterGcMb", after, "collections", count);
  }

  /** The last lines of the process's output. */
  String tail() {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
    } catch (IOException e) {
      return "(no output: " + e.getMessage() + ")";
    }
  }

  private void sampleRss() {
    try {
      String status = Files.readString(Path.of("/proc", Long.toString(process.pid()), "status"));
      Matcher m = VM_HWM.matcher(status);
      if (m.find()) {
        peakRssKb = Math.max(peakRssKb, Long.parseLong(m.group(1)));
      }
    } catch (IOException | RuntimeException e) {
      // not Linux, or the process has just exited: keep the last reading
    }
  }
}
