package dev.ballast.bench.internal;

import java.io.PrintStream;
import java.util.Map;

/** One benchmark scenario: sets up what it needs, measures, tears down. */
public interface BenchScenario {

  /** The scenario's name, as given to {@code --only}. */
  String name();

  /**
   * Runs the scenario on the calling thread, printing progress and figures to {@code out} as they
   * come.
   */
  Outcome run(BenchOptions options, PrintStream out) throws Exception;

  /**
   * Whether the scenario runs the pipeline in this JVM (and so profits from the runner's JVM
   * warm-up); false for those that start pipeline processes of their own.
   */
  default boolean inProcess() {
    return true;
  }

  /**
   * What a scenario measured.
   *
   * @param headline the figures of the report's table
   * @param details settings used, raw sub-figures and notes
   */
  record Outcome(Map<String, Object> headline, Map<String, Object> details) {}
}
