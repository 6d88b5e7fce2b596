package dev.ballast.bench.internal;

import java.io.PrintStream;
import java.nio.file.Path;

/**
 * Records a JFR profile of the pipeline process around one phase ({@code jcmd JFR.start} / {@code
 * JFR.stop}, default settings), into {@code <dir>/<name>.jfr}; does nothing without a directory.
 * Profiled phases are extra runs, never the measured ones. Used by the runner's thread only.
 */
final class JfrSwitch {

  private final PipelineProcess process;
  private final Path dir;
  private final PrintStream out;

  JfrSwitch(PipelineProcess process, Path dir, PrintStream out) {
    this.process = process;
    this.dir = dir;
    this.out = out;
  }

  /** Runs {@code phase} with a recording named {@code name}. */
  void record(String name, Runnable phase) {
    if (dir == null) {
      phase.run();
      return;
    }
    Path file = dir.toAbsolutePath().resolve(name + ".jfr");
    process.jcmd("JFR.start", "name=" + name, "settings=profile", "filename=" + file);
    try {
      phase.run();
    } finally {
      String r = process.jcmd("JFR.stop", "name=" + name);
      out.printf("  profile %s: %s%n", name, r.lines().reduce((a, b) -> b).orElse(""));
    }
  }
}
