package dev.ballast.bench.internal;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The {@code --backfill-*} options of {@code ballast bench} (a picocli mixin). */
public final class BackfillBenchOptions {

  @Option(
      names = "--backfill-lines",
      defaultValue = "100000",
      paramLabel = "N",
      description = "Lines of the killed and resumed backfill (default ${DEFAULT-VALUE}).")
  int lines;

  @Option(
      names = "--backfill-kills",
      defaultValue = "2",
      paramLabel = "N",
      description = "SIGKILLs of the resumed backfill (default ${DEFAULT-VALUE}).")
  int kills;

  @Option(
      names = "--backfill-big-lines",
      defaultValue = "1000000",
      paramLabel = "N",
      description = "Lines of the peak-heap run; 0 skips it (default ${DEFAULT-VALUE}).")
  int bigLines;

  @Option(
      names = "--backfill-latency",
      defaultValue = "50",
      paramLabel = "MS",
      description = "Simulator latency in the backfill scenario (default ${DEFAULT-VALUE}).")
  int latencyMs;

  @Option(
      names = "--backfill-window",
      defaultValue = "1000",
      paramLabel = "N",
      description = "The backfill's --window (default ${DEFAULT-VALUE}).")
  int window;

  @Option(
      names = "--backfill-heap",
      defaultValue = "256",
      paramLabel = "MB",
      description = "Maximum heap of the backfill process (default ${DEFAULT-VALUE}).")
  int heapMb;

  @Option(
      names = "--ballast",
      defaultValue = "./ballast",
      paramLabel = "PATH",
      description = "The ballast script whose backfill command is run (default ${DEFAULT-VALUE}).")
  Path script;

  /** The scenario's settings. */
  public BackfillBench.Settings settings() {
    return new BackfillBench.Settings(
        script.toAbsolutePath().normalize(), lines, kills, bigLines, latencyMs, window, heapMb);
  }
}
