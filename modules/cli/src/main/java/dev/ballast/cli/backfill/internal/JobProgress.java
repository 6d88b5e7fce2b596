package dev.ballast.cli.backfill.internal;

import java.io.PrintWriter;

/**
 * A backfill's progress: a bar rewritten in place on a terminal, a plain line every few seconds
 * otherwise. One thread only.
 */
public final class JobProgress {

  private static final int WIDTH = 30;

  private final PrintWriter out;
  private final boolean terminal;
  private final long startNanos = System.nanoTime();
  private long lastNanos;

  public JobProgress(PrintWriter out, boolean terminal) {
    this.out = out;
    this.terminal = terminal;
  }

  /**
   * Shows the state.
   *
   * @param done lines with an output (answered or bad)
   * @param failed lines answered FAILED or bad
   * @param total lines, or -1 while unknown
   * @param force print even if printed recently
   */
  public void show(long done, long failed, long total, boolean force) {
    long now = System.nanoTime();
    long every = terminal ? 200_000_000L : 5_000_000_000L;
    if (!force && now - lastNanos < every) {
      return;
    }
    lastNanos = now;
    double seconds = Math.max(0.001, (now - startNanos) / 1e9);
    double rate = done / seconds;
    String eta =
        total > 0 && rate > 0 && done < total ? String.format("%.0fs", (total - done) / rate) : "-";
    String count = total > 0 ? done + "/" + total : Long.toString(done);
    String line =
        String.format("done %s | failed %d | %.0f lines/s | ETA %s", count, failed, rate, eta);
    if (terminal) {
      int filled = total > 0 ? (int) (WIDTH * Math.min(1.0, (double) done / total)) : 0;
      String bar = "#".repeat(filled) + "-".repeat(WIDTH - filled);
      out.print("\r  [" + bar + "] " + line + "   ");
    } else {
      out.println("  " + line);
    }
    out.flush();
  }

  /** Ends the bar's line. */
  public void finish() {
    if (terminal) {
      out.println();
      out.flush();
    }
  }
}
