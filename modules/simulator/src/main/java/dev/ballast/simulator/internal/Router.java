package dev.ballast.simulator.internal;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.ballast.simulator.ErrorType;
import java.io.UncheckedIOException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes one region's requests: {@code /model/{id}/converse}, {@code /model/{id}/count-tokens},
 * {@code /v1/chat/completions} and the admin API under {@code /_sim/}. Runs on an event loop, but
 * hands admin requests to the admin thread: a scenario change starts and stops region servers and
 * waits for their sockets, which an event loop must not do; thread-safe.
 */
final class Router implements HttpHandler {

  private static final Logger log = LoggerFactory.getLogger(Router.class);

  private final String region;
  private final BedrockEndpoint bedrock;
  private final OpenAiEndpoint openAi;
  private final AdminEndpoint admin;
  private final Executor adminThread;

  Router(ModelCalls calls, SimulatorAdmin simulator, String region, Executor adminThread) {
    this.region = region;
    this.bedrock = new BedrockEndpoint(calls, region);
    this.openAi = new OpenAiEndpoint(calls, region);
    this.admin = new AdminEndpoint(simulator);
    this.adminThread = adminThread;
  }

  @Override
  public void handle(HttpExchange exchange) {
    String path = exchange.getRequestURI().getRawPath();
    if (isAdmin(path)) {
      try {
        adminThread.execute(() -> serve(exchange, path));
      } catch (RejectedExecutionException e) {
        exchange.close(); // the simulator is closing
      }
    } else {
      serve(exchange, path);
    }
  }

  private static boolean isAdmin(String path) {
    return path.equals("/_sim") || path.startsWith("/_sim/");
  }

  private void serve(HttpExchange exchange, String path) {
    try {
      if (isAdmin(path)) {
        admin.handle(exchange, path);
      } else if (path.equals("/v1/chat/completions")) {
        openAi.handle(exchange);
      } else if (path.startsWith("/model/")) {
        bedrock.handle(exchange, path);
      } else {
        Responder.write(exchange, BedrockReplies.unknownOperation());
      }
    } catch (UncheckedIOException e) {
      log.debug("Region {}: I/O error on {}: {}", region, path, e.toString());
      exchange.close();
    } catch (RuntimeException e) {
      log.warn("Region {}: failed to handle {} {}", region, exchange.getRequestMethod(), path, e);
      Responder.write(
          exchange,
          BedrockReplies.error(
              ErrorType.INTERNAL_SERVER, ErrorType.INTERNAL_SERVER.defaultMessage()));
    }
  }
}
