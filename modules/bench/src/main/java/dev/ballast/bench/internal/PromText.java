package dev.ballast.bench.internal;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Reads figures from a Prometheus text exposition (a pipeline's {@code /metrics}, format 0.0.4).
 * Stateless and thread-safe.
 */
final class PromText {

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

  private PromText() {}

  /** The exposition at {@code http://127.0.0.1:port/metrics}. */
  static String scrape(int port) throws IOException {
    HttpRequest get =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
            .timeout(Duration.ofSeconds(5))
            .build();
    try {
      HttpResponse<String> r = HTTP.send(get, HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 200) {
        throw new IOException("/metrics answered " + r.statusCode());
      }
      return r.body();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  /**
   * The sum of the samples of metric {@code name} whose label set contains every one of {@code
   * labels} (each written as in the exposition, e.g. {@code area="heap"}); NaN when there is none.
   */
  static double sum(String exposition, String name, String... labels) {
    double sum = 0;
    boolean found = false;
    for (String line : exposition.split("\n")) {
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      int brace = line.indexOf('{');
      int space = line.indexOf(' ');
      int end = brace >= 0 && brace < space ? brace : space;
      if (end <= 0 || !line.substring(0, end).equals(name)) {
        continue;
      }
      String labelSet =
          brace >= 0 && brace < space ? line.substring(brace, line.indexOf('}') + 1) : "";
      boolean all = true;
      for (String l : labels) {
        all &= labelSet.contains(l);
      }
      if (!all) {
        continue;
      }
      String[] parts =
          line.substring(labelSet.isEmpty() ? end : line.indexOf('}') + 1).trim().split(" ");
      try {
        sum += Double.parseDouble(parts[0]);
        found = true;
      } catch (NumberFormatException e) {
        // not a sample line
      }
    }
    return found ? sum : Double.NaN;
  }
}
