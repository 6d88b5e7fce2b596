package dev.ballast.pipeline;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.ballast.pipeline.internal.DaemonThreads;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP server of a pipeline instance, on the JDK's {@link HttpServer}:
 *
 * <ul>
 *   <li>{@code GET /metrics}: every meter of the instance in the Prometheus text format 0.0.4
 *       ({@code text/plain; version=0.0.4}), from {@link PipelineMetrics#scrape()};
 *   <li>{@code GET /health/live}: 200 {@code live} while the process answers;
 *   <li>{@code GET /health/ready}: 200 {@code ready}, or 503 with one line per reason from {@link
 *       Pipeline#notReadyReasons()}.
 * </ul>
 *
 * Binds to {@code metrics.bind.address} (127.0.0.1 by default) and {@code metrics.port}. Requests
 * are served by two daemon threads; {@link #close()} stops the server and its threads. Thread-safe.
 */
public final class MetricsServer implements AutoCloseable {

  static {
    // The JDK server writes a reply's headers and body separately; with Nagle's algorithm on, each
    // reply then waits for the client's delayed ACK (~40 ms). The setting is read once, when the
    // JDK server's configuration loads: set it before the first server of the process, unless set.
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true");
    }
  }

  /** The default of {@code metrics.port}. */
  public static final int DEFAULT_PORT = ConfigKeys.DEFAULT_METRICS_PORT;

  private static final Logger log = LoggerFactory.getLogger(MetricsServer.class);

  private final HttpServer server;
  private final ExecutorService executor;

  private MetricsServer(HttpServer server, ExecutorService executor) {
    this.server = server;
    this.executor = executor;
  }

  /**
   * Serves {@code pipeline} on its configuration's {@code metrics.bind.address} and {@code
   * metrics.port}; null when the port is -1 (serve nothing).
   *
   * @throws UncheckedIOException naming the address when it cannot be bound (e.g. the port is
   *     taken)
   */
  public static MetricsServer start(Pipeline pipeline) {
    int port = pipeline.config().intValue(ConfigKeys.METRICS_PORT);
    if (port < 0) {
      return null;
    }
    return start(pipeline, pipeline.config().string(ConfigKeys.METRICS_BIND_ADDRESS), port);
  }

  /**
   * Serves {@code pipeline} on {@code address:port}; port 0 picks a free one ({@link #uri()}).
   *
   * @throws UncheckedIOException naming the address when it cannot be bound
   * @throws IllegalArgumentException when the port is outside 0..65535
   */
  public static MetricsServer start(Pipeline pipeline, String address, int port) {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException(
          ConfigKeys.METRICS_PORT + " must be within 0..65535, was " + port);
    }
    HttpServer server;
    try {
      server = HttpServer.create(new InetSocketAddress(address, port), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Cannot serve metrics on " + address + ":" + port + ": " + e.getMessage(), e);
    }
    ExecutorService executor = DaemonThreads.fixed("ballast-metrics-http");
    server.setExecutor(executor);
    server.createContext(
        "/metrics",
        x ->
            respond(
                x, 200, "text/plain; version=0.0.4; charset=utf-8", pipeline.metrics().scrape()));
    server.createContext("/health/live", x -> respond(x, 200, "text/plain", "live\n"));
    server.createContext(
        "/health/ready",
        x -> {
          List<String> reasons = pipeline.notReadyReasons();
          if (reasons.isEmpty()) {
            respond(x, 200, "text/plain", "ready\n");
          } else {
            respond(x, 503, "text/plain", String.join("\n", reasons) + "\n");
          }
        });
    server.start();
    MetricsServer started = new MetricsServer(server, executor);
    log.info("Metrics and health on {}", started.uri());
    return started;
  }

  private static void respond(HttpExchange x, int status, String type, String body)
      throws IOException {
    try (x) {
      String path = x.getRequestURI().getPath();
      if (!"GET".equals(x.getRequestMethod()) && !"HEAD".equals(x.getRequestMethod())) {
        send(x, 405, "text/plain", "use GET\n");
      } else if (!path.equals(x.getHttpContext().getPath())) {
        send(x, 404, "text/plain", "not found: " + path + "\n");
      } else {
        send(x, status, type, body);
      }
    }
  }

  private static void send(HttpExchange x, int status, String type, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    x.getResponseHeaders().set("Content-Type", type);
    boolean head = "HEAD".equals(x.getRequestMethod());
    x.sendResponseHeaders(status, head ? -1 : bytes.length);
    if (!head) {
      try (OutputStream out = x.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  /** The server's base address, e.g. {@code http://127.0.0.1:9464}. */
  public URI uri() {
    InetSocketAddress a = server.getAddress();
    return URI.create("http://" + a.getHostString() + ":" + a.getPort());
  }

  /** Stops serving at once and stops the server's threads. */
  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
