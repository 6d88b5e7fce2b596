package dev.ballast.bench.internal;

import java.io.OutputStream;
import java.io.PrintStream;
import java.util.Map;
import org.slf4j.LoggerFactory;

/**
 * The unmeasured warm-up before in-process scenarios: pipeline load for a while, so that their
 * figures are not the JIT's. A failed warm-up is noted and the scenarios run anyway. Stateless.
 */
public final class JvmWarmup {

  private JvmWarmup() {}

  /** Runs {@code seconds} of capacity load, noting what it did in {@code report}. */
  public static void run(
      BenchOptions options, int seconds, BenchReport report, PrintStream console) {
    console.printf("%n== JVM warm-up (%d s of pipeline load, not measured) ==%n", seconds);
    long t0 = System.nanoTime();
    BenchOptions w = options.forJvmWarmup(seconds);
    try {
      BenchScenario.Outcome o =
          CapacityBench.jvmWarmup().run(w, new PrintStream(OutputStream.nullOutputStream()));
      report.note(
          "jvmWarmup",
          Map.of(
              "seconds", seconds,
              "resultsPerSecond", o.headline().get("capacityRpsOneJvm"),
              "wallSeconds", Math.round((System.nanoTime() - t0) / 1e9)));
      console.printf("  done (%d s)%n", Math.round((System.nanoTime() - t0) / 1e9));
    } catch (Exception | AssertionError e) {
      console.printf("  warm-up failed: %s%n", e);
      LoggerFactory.getLogger(JvmWarmup.class).error("JVM warm-up failed", e);
    }
  }
}
