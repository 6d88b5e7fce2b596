package dev.ballast.cli.internal;

import java.util.List;
import java.util.Locale;

/**
 * Inline SVG charts over a time axis of equal bins, for the demo report: stacked bars, lines and a
 * state timeline. Each chart is an {@code <svg class="chart">} whose marks are in one {@code <g
 * class="data">}. Stateless.
 */
final class SvgCharts {

  static final int WIDTH = 960;
  static final int HEIGHT = 240;
  private static final int LEFT = 60;
  private static final int RIGHT = 150;
  private static final int TOP = 24;
  private static final int BOTTOM = 30;

  /** A named series: its colour and one value per bin (NaN for none). */
  record Series(String name, String color, double[] values) {}

  /** A span of a timeline row: bins {@code [from, to)} in one state. */
  record Span(double from, double to, String state, String color) {}

  /** A row of a timeline. */
  record Row(String name, List<Span> spans) {}

  private SvgCharts() {}

  /** Stacked bars: one bar per bin, series stacked in order. */
  static String stackedBars(String id, String unit, double binSeconds, List<Series> series) {
    int bins = series.isEmpty() ? 0 : series.get(0).values().length;
    double max = 1;
    for (int i = 0; i < bins; i++) {
      double sum = 0;
      for (Series s : series) {
        sum += value(s.values()[i]);
      }
      max = Math.max(max, sum);
    }
    max = niceMax(max);
    StringBuilder b = open(id, bins, binSeconds, max, unit);
    double w = plotWidth() / Math.max(1, bins);
    for (int i = 0; i < bins; i++) {
      double base = 0;
      for (Series s : series) {
        double v = value(s.values()[i]);
        if (v > 0) {
          double y0 = y(base, max);
          double y1 = y(base + v, max);
          b.append(
              String.format(
                  Locale.ROOT,
                  "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\"><title>%s"
                      + " %s: %s</title></rect>",
                  LEFT + i * w,
                  y1,
                  Math.max(0.5, w - 0.5),
                  y0 - y1,
                  s.color(),
                  time(i * binSeconds),
                  escape(s.name()),
                  num(v)));
        }
        base += v;
      }
    }
    return close(b, series);
  }

  /** Lines, one per series; NaN values leave gaps. */
  static String lines(String id, String unit, double binSeconds, List<Series> series) {
    int bins = series.isEmpty() ? 0 : series.get(0).values().length;
    double max = 1;
    for (Series s : series) {
      for (double v : s.values()) {
        max = Math.max(max, value(v));
      }
    }
    max = niceMax(max);
    StringBuilder b = open(id, bins, binSeconds, max, unit);
    double w = plotWidth() / Math.max(1, bins);
    for (Series s : series) {
      StringBuilder points = new StringBuilder();
      for (int i = 0; i < bins; i++) {
        double v = s.values()[i];
        if (Double.isNaN(v)) {
          flush(b, points, s.color());
          continue;
        }
        points.append(String.format(Locale.ROOT, "%.1f,%.1f ", LEFT + (i + 0.5) * w, y(v, max)));
      }
      flush(b, points, s.color());
    }
    return close(b, series);
  }

  private static void flush(StringBuilder b, StringBuilder points, String color) {
    if (points.length() > 0) {
      String p = points.toString().trim();
      // A single point still shows: a polyline of one point is drawn as a dot via its cap.
      b.append("<polyline fill=\"none\" stroke=\"")
          .append(color)
          .append("\" stroke-width=\"2\" stroke-linecap=\"round\" points=\"")
          .append(p.contains(" ") ? p : p + " " + p)
          .append("\"/>");
      points.setLength(0);
    }
  }

  /** A timeline: one row per name, spans coloured by state. */
  static String timeline(String id, int bins, double binSeconds, List<Row> rows) {
    int rowHeight = 40;
    int height = TOP + rows.size() * rowHeight + BOTTOM;
    StringBuilder b = new StringBuilder();
    b.append(
        String.format(
            Locale.ROOT,
            "<svg class=\"chart\" id=\"%s\" viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\""
                + " xmlns=\"http://www.w3.org/2000/svg\" role=\"img\">",
            id,
            WIDTH,
            height,
            WIDTH,
            height));
    axisX(b, bins, binSeconds, TOP + rows.size() * rowHeight);
    b.append("<g class=\"data\">");
    double w = plotWidth() / Math.max(1, bins);
    for (int r = 0; r < rows.size(); r++) {
      int y = TOP + r * rowHeight + 16;
      for (Span s : rows.get(r).spans()) {
        b.append(
            String.format(
                Locale.ROOT,
                "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\"><title>%s %s"
                    + " from %s to %s</title></rect>",
                LEFT + s.from() * w,
                y,
                Math.max(1, (s.to() - s.from()) * w),
                rowHeight - 20,
                s.color(),
                escape(rows.get(r).name()),
                s.state(),
                time(s.from() * binSeconds),
                time(s.to() * binSeconds)));
      }
    }
    b.append("</g>");
    for (int r = 0; r < rows.size(); r++) {
      b.append(
          String.format(
              Locale.ROOT,
              "<text x=\"%d\" y=\"%d\" class=\"row\">%s</text>",
              LEFT,
              TOP + r * rowHeight + 12,
              escape(rows.get(r).name())));
    }
    return b.append("</svg>").toString();
  }

  private static StringBuilder open(
      String id, int bins, double binSeconds, double max, String unit) {
    StringBuilder b = new StringBuilder();
    b.append(
        String.format(
            Locale.ROOT,
            "<svg class=\"chart\" id=\"%s\" viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\""
                + " xmlns=\"http://www.w3.org/2000/svg\" role=\"img\">",
            id,
            WIDTH,
            HEIGHT,
            WIDTH,
            HEIGHT));
    axisX(b, bins, binSeconds, HEIGHT - BOTTOM);
    for (int t = 0; t <= 4; t++) {
      double v = max * t / 4;
      double y = y(v, max);
      b.append(
          String.format(
              Locale.ROOT,
              "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" class=\"grid\"/>"
                  + "<text x=\"%d\" y=\"%.1f\" class=\"tick\" text-anchor=\"end\">%s</text>",
              LEFT,
              WIDTH - RIGHT,
              y,
              y,
              LEFT - 4,
              y + 4,
              num(v)));
    }
    b.append(
        String.format(
            Locale.ROOT,
            "<text x=\"%d\" y=\"%d\" class=\"unit\">%s</text>",
            LEFT,
            TOP - 10,
            escape(unit)));
    return b.append("<g class=\"data\">");
  }

  private static void axisX(StringBuilder b, int bins, double binSeconds, int y) {
    b.append(
        String.format(
            Locale.ROOT,
            "<line x1=\"%d\" x2=\"%d\" y1=\"%d\" y2=\"%d\" class=\"axis\"/>",
            LEFT,
            WIDTH - RIGHT,
            y,
            y));
    double total = bins * binSeconds;
    double step = niceStep(total / 8);
    for (double t = 0; t <= total + 1e-9 && step > 0; t += step) {
      double x = LEFT + plotWidth() * (total == 0 ? 0 : t / total);
      b.append(
          String.format(
              Locale.ROOT,
              "<text x=\"%.1f\" y=\"%d\" class=\"tick\" text-anchor=\"middle\">%s</text>",
              x,
              y + 16,
              time(t)));
    }
  }

  private static String close(StringBuilder b, List<Series> series) {
    b.append("</g>");
    for (int i = 0; i < series.size(); i++) {
      Series s = series.get(i);
      int y = TOP + 6 + i * 18;
      b.append(
          String.format(
              Locale.ROOT,
              "<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"12\" fill=\"%s\"/>"
                  + "<text x=\"%d\" y=\"%d\" class=\"legend\">%s</text>",
              WIDTH - RIGHT + 10,
              y,
              s.color(),
              WIDTH - RIGHT + 28,
              y + 10,
              escape(s.name())));
    }
    return b.append("</svg>").toString();
  }

  /** The smallest of 1, 2, 2.5, 5 times a power of ten at or above {@code v}. */
  static double niceMax(double v) {
    double p = Math.pow(10, Math.floor(Math.log10(Math.max(1e-9, v))));
    for (double m : new double[] {1, 2, 2.5, 5, 10}) {
      if (m * p >= v) {
        return m * p;
      }
    }
    return 10 * p;
  }

  private static double niceStep(double raw) {
    double[] steps = {1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 1800, 3600};
    for (double s : steps) {
      if (s >= raw) {
        return s;
      }
    }
    return Math.ceil(raw / 3600) * 3600;
  }

  private static double plotWidth() {
    return WIDTH - LEFT - RIGHT;
  }

  private static double y(double v, double max) {
    return HEIGHT - BOTTOM - (HEIGHT - BOTTOM - TOP) * v / max;
  }

  private static double value(double v) {
    return Double.isNaN(v) ? 0 : v;
  }

  static String time(double seconds) {
    return seconds < 120
        ? String.format(Locale.ROOT, "%.0fs", seconds)
        : String.format(Locale.ROOT, "%.0fm%02.0fs", Math.floor(seconds / 60), seconds % 60);
  }

  static String num(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e12
        ? Long.toString((long) v)
        : String.format(Locale.ROOT, "%.1f", v);
  }

  static String escape(String s) {
    return s.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }
}
