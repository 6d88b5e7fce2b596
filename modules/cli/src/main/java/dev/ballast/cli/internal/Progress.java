package dev.ballast.cli.internal;

import java.io.PrintWriter;

/** Live progress on a terminal: one rewritten line, or a line every few seconds when piped. */
final class Progress {

  private final PrintWriter out;
  private final boolean interactive;
  private long lastPrintNanos;

  Progress(PrintWriter out, boolean interactive) {
    this.out = out;
    this.interactive = interactive;
  }

  void show(int sent, int done, int total, int calling, long startNanos) {
    long now = System.nanoTime();
    if (!interactive && now - lastPrintNanos < 2_000_000_000L && done < total) {
      return;
    }
    lastPrintNanos = now;
    double seconds = Math.max(0.001, (now - startNanos) / 1e9);
    double rate = done / seconds;
    String eta = rate > 0 && done < total ? String.format("%.0fs", (total - done) / rate) : "-";
    String line =
        String.format(
            "  done %d/%d (%d%%) | sent %d | awaiting %d | model calls in flight %d | %.0f results/s | ETA %s",
            done, total, done * 100 / total, sent, sent - done, calling, rate, eta);
    if (interactive) {
      out.print("\r" + line + "    ");
    } else {
      out.println(line);
    }
    out.flush();
  }

  void done() {
    if (interactive) {
      out.println();
      out.flush();
    }
  }
}
