package dev.ballast.cli.internal;

import dev.ballast.cli.internal.SvgCharts.Row;
import dev.ballast.cli.internal.SvgCharts.Series;
import dev.ballast.cli.internal.SvgCharts.Span;
import dev.ballast.modelclient.BreakerListener;
import dev.ballast.pipeline.BreakerEvent;
import dev.ballast.schemas.InferenceResult;
import dev.ballast.schemas.Status;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The demo's self-contained HTML report: results per second by status, the breaker timeline per
 * endpoint, which region served when, latency percentiles over time, and the summary with the
 * latency breakdown. Charts are inline SVG drawn here; the page loads nothing from anywhere. A
 * short inline script records each chart's drawn size in {@code body[data-drawn]} (JSON), for
 * tests.
 *
 * <p>Stateless.
 */
public final class DemoReport {

  /**
   * What a report shows.
   *
   * @param title the heading
   * @param startMs the time axis' zero (wall clock)
   * @param results the first result of each request
   * @param endpoints endpoint ids in chain order
   * @param regions the simulator's regions, primary first
   */
  public record Input(
      String title,
      long startMs,
      Collection<InferenceResult> results,
      DemoTimeline timeline,
      List<BreakerEvent> breakerEvents,
      List<String> endpoints,
      List<String> regions,
      DemoSummary summary,
      LatencyBreakdown breakdown) {}

  private static final String[] REGION_COLORS = {
    "#1565c0", "#6a1b9a", "#00838f", "#ef6c00", "#558b2f", "#4e342e"
  };
  private static final String STYLE =
      "body{font:14px system-ui,sans-serif;margin:24px;color:#222;max-width:1000px}"
          + "h1{font-size:22px}h2{font-size:17px;margin-top:28px}"
          + "svg.chart{display:block;background:#fafafa;border:1px solid #ddd}"
          + ".tick,.legend,.row,.unit{font-size:11px;fill:#444}.grid{stroke:#e5e5e5}"
          + ".axis{stroke:#888}table{border-collapse:collapse}"
          + "td,th{border:1px solid #ddd;padding:3px 10px;text-align:right}"
          + "td:first-child,th:first-child{text-align:left}.note{color:#555}";
  private static final String SCRIPT =
      "(function(){var out={};document.querySelectorAll('svg.chart').forEach(function(s){"
          + "var g=s.querySelector('g.data');var b=g?g.getBBox():{width:0,height:0};"
          + "out[s.id]={marks:g?g.childElementCount:0,width:Math.round(b.width),"
          + "height:Math.round(b.height)};});"
          + "document.body.setAttribute('data-drawn',JSON.stringify(out));})();";

  private DemoReport() {}

  /** Writes the report of {@code in} to {@code file}. */
  public static void write(Path file, Input in) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    Files.writeString(file, html(in));
  }

  /** The report of {@code in} as one HTML document. */
  public static String html(Input in) {
    long end = in.startMs() + 1000;
    for (InferenceResult r : in.results()) {
      end = Math.max(end, completed(r));
      Long got = in.timeline().receivedAt(r.getId());
      end = Math.max(end, got == null ? 0 : got);
    }
    double seconds = (end - in.startMs()) / 1000.0;
    double bin = Math.max(1, Math.ceil(seconds / 240));
    int bins = (int) Math.ceil(seconds / bin) + 1;
    StringBuilder h = new StringBuilder();
    h.append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
        .append(SvgCharts.escape(in.title()))
        .append("</title><style>")
        .append(STYLE)
        .append("</style></head><body><h1>")
        .append(SvgCharts.escape(in.title()))
        .append("</h1><p class=\"note\">Time axis: seconds since the run started; one bin is ")
        .append(SvgCharts.num(bin))
        .append(" s.</p>");
    h.append("<h2>Results per second by status</h2>")
        .append(SvgCharts.stackedBars("results", "results/s", bin, statusSeries(in, bins, bin)));
    h.append("<h2>Circuit breaker per endpoint</h2>")
        .append(SvgCharts.timeline("breakers", bins, bin, breakerRows(in, bins, bin)))
        .append(
            "<p class=\"note\"><span style=\"color:#43a047\">■</span> closed "
                + "<span style=\"color:#e53935\">■</span> open "
                + "<span style=\"color:#ffb300\">■</span> half-open (probing)</p>");
    h.append("<h2>Results per second by serving region</h2>")
        .append(SvgCharts.stackedBars("regions", "results/s", bin, regionSeries(in, bins, bin)));
    h.append("<h2>Latency percentiles over time</h2>")
        .append(SvgCharts.lines("latency", "ms", bin, latencySeries(in, bins, bin)))
        .append(
            "<p class=\"note\">Client-observed: sent to result read, by when the result was read."
                + " The model line is the model's own time for the same requests.</p>");
    h.append("<h2>Summary</h2>").append(summary(in));
    h.append("<script>").append(SCRIPT).append("</script></body></html>\n");
    return h.toString();
  }

  private static long completed(InferenceResult r) {
    return r.getCompletedAt() == null ? 0 : r.getCompletedAt().toEpochMilli();
  }

  private static int binOf(long atMs, Input in, double bin, int bins) {
    int i = (int) ((atMs - in.startMs()) / 1000.0 / bin);
    return Math.max(0, Math.min(bins - 1, i));
  }

  private static List<Series> statusSeries(Input in, int bins, double bin) {
    double[][] v = new double[3][bins];
    for (InferenceResult r : in.results()) {
      int s = r.getStatus() == Status.SUCCEEDED ? 0 : r.getStatus() == Status.DEGRADED ? 1 : 2;
      v[s][binOf(completed(r), in, bin, bins)] += 1 / bin;
    }
    return List.of(
        new Series("succeeded", "#2e7d32", v[0]),
        new Series("degraded", "#f9a825", v[1]),
        new Series("failed", "#c62828", v[2]));
  }

  private static List<Series> regionSeries(Input in, int bins, double bin) {
    List<String> regions = new ArrayList<>(in.regions());
    for (InferenceResult r : in.results()) {
      String region = region(r);
      if (!regions.contains(region)) {
        regions.add(region);
      }
    }
    double[][] v = new double[regions.size()][bins];
    for (InferenceResult r : in.results()) {
      v[regions.indexOf(region(r))][binOf(completed(r), in, bin, bins)] += 1 / bin;
    }
    List<Series> series = new ArrayList<>();
    for (int i = 0; i < regions.size(); i++) {
      String color =
          regions.get(i).equals("none") ? "#9e9e9e" : REGION_COLORS[i % REGION_COLORS.length];
      series.add(new Series(regions.get(i), color, v[i]));
    }
    return series;
  }

  private static String region(InferenceResult r) {
    return r.getServedBy() == null || r.getServedBy().getRegion() == null
        ? "none"
        : r.getServedBy().getRegion();
  }

  private static List<Row> breakerRows(Input in, int bins, double bin) {
    List<Row> rows = new ArrayList<>();
    for (String endpoint : in.endpoints()) {
      List<Span> spans = new ArrayList<>();
      double from = 0;
      BreakerListener.State state = BreakerListener.State.CLOSED;
      for (BreakerEvent e : in.breakerEvents()) {
        if (!e.endpoint().equals(endpoint)) {
          continue;
        }
        double at = Math.max(from, Math.min(bins, (e.atMs() - in.startMs()) / 1000.0 / bin));
        spans.add(span(from, at, state));
        from = at;
        state = e.to();
      }
      spans.add(span(from, bins, state));
      rows.add(new Row(endpoint, spans));
    }
    return rows;
  }

  private static Span span(double from, double to, BreakerListener.State state) {
    String color =
        switch (state) {
          case CLOSED -> "#43a047";
          case OPEN -> "#e53935";
          case HALF_OPEN -> "#ffb300";
        };
    return new Span(from, to, state.name().toLowerCase(Locale.ROOT), color);
  }

  private static List<Series> latencySeries(Input in, int bins, double bin) {
    List<List<Long>> client = new ArrayList<>();
    List<List<Long>> model = new ArrayList<>();
    for (int i = 0; i < bins; i++) {
      client.add(new ArrayList<>());
      model.add(new ArrayList<>());
    }
    for (InferenceResult r : in.results()) {
      Long sent = in.timeline().sentAt(r.getId());
      Long got = in.timeline().receivedAt(r.getId());
      if (sent == null || got == null) {
        continue;
      }
      int i = binOf(got, in, bin, bins);
      client.get(i).add(got - sent);
      model.get(i).add(r.getAttempts().stream().mapToLong(a -> a.getLatencyMs()).sum());
    }
    return List.of(
        new Series("p50", "#1565c0", percentiles(client, 50)),
        new Series("p90", "#ef6c00", percentiles(client, 90)),
        new Series("p99", "#c62828", percentiles(client, 99)),
        new Series("model p50", "#2e7d32", percentiles(model, 50)));
  }

  private static double[] percentiles(List<List<Long>> bins, double p) {
    double[] out = new double[bins.size()];
    for (int i = 0; i < out.length; i++) {
      Percentiles ps = new Percentiles();
      bins.get(i).forEach(ps::add);
      out[i] = ps.size() == 0 ? Double.NaN : ps.percentile(p);
    }
    return out;
  }

  private static String summary(Input in) {
    StringBuilder t =
        new StringBuilder("<table id=\"summary\"><tr><th>figure</th><th>value</th></tr>");
    for (Map.Entry<String, Object> e : in.summary().rows().entrySet()) {
      t.append("<tr><td>")
          .append(SvgCharts.escape(e.getKey().trim()))
          .append("</td><td>")
          .append(SvgCharts.escape(String.valueOf(e.getValue())))
          .append("</td></tr>");
    }
    t.append("</table><h2>Where the time went</h2>")
        .append("<p class=\"note\">Per request, client send to client read, ms over ")
        .append(in.breakdown().size())
        .append(" requests. Everything but the model's own latency is what Ballast and Kafka")
        .append(" added.</p><table id=\"breakdown\"><tr><th>part</th><th>p50</th><th>p90</th>")
        .append("<th>p99</th></tr>");
    for (Map.Entry<String, String> part : LatencyBreakdown.PARTS.entrySet()) {
      row(
          t,
          part.getValue(),
          in.breakdown().part(part.getKey(), 50),
          in.breakdown().part(part.getKey(), 90),
          in.breakdown().part(part.getKey(), 99));
    }
    row(
        t,
        "Ballast added (all but the model)",
        in.breakdown().added(50),
        in.breakdown().added(90),
        in.breakdown().added(99));
    row(
        t,
        "end to end",
        in.breakdown().total(50),
        in.breakdown().total(90),
        in.breakdown().total(99));
    return t.append("</table>").toString();
  }

  private static void row(StringBuilder t, String name, long p50, long p90, long p99) {
    t.append("<tr><td>")
        .append(SvgCharts.escape(name))
        .append("</td><td>")
        .append(p50)
        .append("</td><td>")
        .append(p90)
        .append("</td><td>")
        .append(p99)
        .append("</td></tr>");
  }
}
