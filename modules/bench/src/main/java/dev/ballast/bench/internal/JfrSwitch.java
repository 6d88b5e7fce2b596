package dev.ballast.bench.internal;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
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
    try {
      Files.createDirectories(file.getParent());
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create the profile directory " + dir, e);
    }
    String started =
        process.jcmd("JFR.start", "name=" + name, "settings=profile", "filename=" + file);
    out.printf("  profile %s: %s%n", name, started.lines().reduce((a, b) -> b).orElse(""));
    try {
      phase.run();
    } finally {
      String r = process.jcmd("JFR.stop", "name=" + name);
      out.printf("  profile %s: %s%n", name, r.lines().reduce((a, b) -> b).orElse(""));
    }
  }
}
