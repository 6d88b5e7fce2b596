package dev.ballast.pipeline;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads a Prometheus text exposition: the sum of a metric's series that carry given labels. */
record Scrape(String text) {

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static final Pattern LABEL = Pattern.compile("(\\w+)=\"((?:[^\"\\\\]|\\\\.)*)\"");

  /** GETs {@code uri}; returns status and body. */
  static HttpResponse<String> get(URI uri) {
    try {
      return HTTP.send(
          HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET().build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Scrapes {@code server}'s /metrics. */
  static Scrape of(MetricsServer server) {
    HttpResponse<String> r = get(server.uri().resolve("/metrics"));
    if (r.statusCode() != 200) {
      throw new IllegalStateException("/metrics answered " + r.statusCode());
    }
    return new Scrape(r.body());
  }

  /** The sum of every series of {@code name} whose labels include {@code labels}; 0 if none. */
  double sum(String name, Map<String, String> labels) {
    double total = 0;
    for (String line : text.split("\n")) {
      if (line.startsWith("#") || !line.startsWith(name)) {
        continue;
      }
      int brace = line.indexOf('{');
      int space = line.lastIndexOf(' ');
      String metric = brace < 0 ? line.substring(0, space) : line.substring(0, brace);
      if (!metric.equals(name)) {
        continue;
      }
      Map<String, String> found = new HashMap<>();
      if (brace >= 0) {
        Matcher m = LABEL.matcher(line.substring(brace, line.lastIndexOf('}')));
        while (m.find()) {
          found.put(m.group(1), m.group(2));
        }
      }
      if (found.entrySet().containsAll(labels.entrySet())) {
        total += Double.parseDouble(line.substring(space + 1));
      }
    }
    return total;
  }

  /** Whether a series of {@code name} exists. */
  boolean has(String name) {
    return text.lines().anyMatch(l -> l.startsWith(name + "{") || l.startsWith(name + " "));
  }
}
