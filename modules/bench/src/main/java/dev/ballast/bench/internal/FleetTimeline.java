package dev.ballast.bench.internal;

import dev.ballast.simulator.Arrival;
import dev.ballast.simulator.ErrorType;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * A timeline of the fleet scenario's quota phase: every {@value #SAMPLE_MS} ms a sampler thread
 * reads each instance's {@code ballast_fleet_quota_share} and its primary calls ({@code
 * ballast_model_calls_total}) from its {@code /metrics}; afterwards {@link #rows} buckets the
 * simulator's arrivals on the primary (calls, successes, 429s) by {@code bucketSeconds} beside the
 * last samples of each bucket. Started and read by the runner's thread; the samples are guarded by
 * this object.
 */
final class FleetTimeline implements AutoCloseable {

  static final long SAMPLE_MS = 1000;

  private record Sample(long atMillis, double[] shares, double[] calls) {}

  private final Supplier<List<PipelineProcess>> fleet;
  private final String region;
  private final List<Sample> samples = new ArrayList<>();
  private final Thread thread;
  private volatile boolean running = true;

  /**
   * @param fleet the instances now (a killed one is replaced in the list)
   * @param region the primary's region label
   */
  FleetTimeline(Supplier<List<PipelineProcess>> fleet, String region) {
    this.fleet = fleet;
    this.region = region;
    this.thread = new Thread(this::run, "bench-fleet-timeline");
    this.thread.setDaemon(true);
  }

  FleetTimeline start() {
    thread.start();
    return this;
  }

  private void run() {
    while (running) {
      long t = System.currentTimeMillis();
      List<PipelineProcess> now = List.copyOf(fleet.get());
      double[] shares = new double[now.size()];
      double[] calls = new double[now.size()];
      for (int i = 0; i < now.size(); i++) {
        try {
          String text = PromText.scrape(now.get(i).metricsPort());
          shares[i] = PromText.sum(text, "ballast_fleet_quota_share");
          calls[i] = PromText.sum(text, "ballast_model_calls_total", "region=\"" + region + "\"");
        } catch (IOException | RuntimeException e) {
          shares[i] = Double.NaN; // down or restarting
          calls[i] = Double.NaN;
        }
      }
      synchronized (this) {
        samples.add(new Sample(t, shares, calls));
      }
      Waits.sleep(Math.max(0, SAMPLE_MS - (System.currentTimeMillis() - t)));
    }
  }

  /**
   * One line per {@code bucketSeconds} from {@code fromMillis} to {@code toMillis}: seconds since
   * {@code originMillis}, the primary's calls, successes and 429s that arrived in the bucket, and
   * each instance's quota share and primary calls per second at the bucket's last sample.
   */
  synchronized List<String> rows(
      List<Arrival> arrivals,
      long originMillis,
      long fromMillis,
      long toMillis,
      int bucketSeconds) {
    long width = bucketSeconds * 1000L;
    int n = (int) Math.max(0, (toMillis - fromMillis + width - 1) / width);
    long[] calls = new long[n];
    long[] ok = new long[n];
    long[] throttled = new long[n];
    for (Arrival a : arrivals) {
      if (!a.region().equals(region) || a.atMillis() < fromMillis || a.atMillis() >= toMillis) {
        continue;
      }
      int b = (int) ((a.atMillis() - fromMillis) / width);
      calls[b]++;
      ok[b] += a.succeeded() ? 1 : 0;
      throttled[b] += a.outcome().equals(ErrorType.THROTTLING.statsName()) ? 1 : 0;
    }
    List<String> out = new ArrayList<>();
    for (int b = 0; b < n; b++) {
      long end = fromMillis + (b + 1) * width;
      out.add(
          String.format(
              "t=%3ds calls=%3d ok=%3d 429=%3d%s",
              (fromMillis + b * width - originMillis) / 1000,
              calls[b],
              ok[b],
              throttled[b],
              instances(end)));
    }
    return out;
  }

  private String instances(long endMillis) {
    Sample last = null;
    Sample before = null;
    for (Sample s : samples) {
      if (s.atMillis() >= endMillis) {
        break;
      }
      before = last;
      last = s;
    }
    if (last == null) {
      return "";
    }
    StringBuilder b = new StringBuilder(" share/calls-per-s:");
    for (int i = 0; i < last.shares().length; i++) {
      double rate = Double.NaN;
      if (before != null && i < before.calls().length) {
        rate =
            (last.calls()[i] - before.calls()[i]) * 1000.0 / (last.atMillis() - before.atMillis());
      }
      b.append(String.format(" [%.3f %.1f]", last.shares()[i], rate));
    }
    return b.toString();
  }

  @Override
  public void close() {
    running = false;
    try {
      thread.join(5000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
