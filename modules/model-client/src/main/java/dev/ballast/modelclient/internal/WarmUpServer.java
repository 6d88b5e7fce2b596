package dev.ballast.modelclient.internal;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A stand-in model server on 127.0.0.1 (an ephemeral port) that answers every call at once with a
 * fixed answer, so that a starting process can run its whole model-call path (request building,
 * SigV4 signing, the SDK's pipeline, HTTP, response parsing) before real traffic arrives: Bedrock
 * Converse ({@code POST /model/<id>/converse}: a text answer, or a {@code toolUse} answer when the
 * request sends a {@code toolConfig}) and OpenAI Chat Completions ({@code POST
 * .../chat/completions}). Shapes from the Bedrock Runtime API reference (Converse) and the OpenAI
 * API reference (chat completion object).
 *
 * <p>Thread-safe; one handler thread. Close it to free the port.
 */
public final class WarmUpServer implements AutoCloseable {

  static {
    // The JDK server writes a reply's headers and body separately; with Nagle's algorithm on, each
    // reply then waits for the client's delayed ACK (~40 ms). The setting is read once, when the
    // JDK server's configuration loads: set it before the first server of the process, unless set.
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true");
    }
  }

  private static final byte[] CONVERSE_TEXT =
      ("{\"output\":{\"message\":{\"role\":\"assistant\",\"content\":[{\"text\":\"Ready.\"}]}},"
              + "\"stopReason\":\"end_turn\",\"usage\":{\"inputTokens\":12,\"outputTokens\":2,"
              + "\"totalTokens\":14},\"metrics\":{\"latencyMs\":1}}")
          .getBytes(StandardCharsets.UTF_8);

  private static final byte[] CONVERSE_TOOL =
      ("{\"output\":{\"message\":{\"role\":\"assistant\",\"content\":[{\"toolUse\":{"
              + "\"toolUseId\":\"warm-up\",\"name\":\""
              + BedrockModelClient.ANSWER_TOOL
              + "\",\"input\":{\"answer\":\"Ready.\"}}}]}},\"stopReason\":\"tool_use\","
              + "\"usage\":{\"inputTokens\":40,\"outputTokens\":8,\"totalTokens\":48},"
              + "\"metrics\":{\"latencyMs\":1}}")
          .getBytes(StandardCharsets.UTF_8);

  private static final byte[] CHAT =
      ("{\"id\":\"chatcmpl-warm-up\",\"object\":\"chat.completion\",\"created\":0,"
              + "\"model\":\"warm-up\",\"choices\":[{\"index\":0,\"message\":{\"role\":"
              + "\"assistant\",\"content\":\"Ready.\"},\"finish_reason\":\"stop\"}],"
              + "\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":2,\"total_tokens\":14}}")
          .getBytes(StandardCharsets.UTF_8);

  private final HttpServer server;
  private final ExecutorService handler;

  private WarmUpServer(HttpServer server, ExecutorService handler) {
    this.server = server;
    this.handler = handler;
  }

  /**
   * Starts a server on 127.0.0.1 at a free port.
   *
   * @throws UncheckedIOException when no port can be bound
   */
  public static WarmUpServer start() {
    try {
      HttpServer s =
          HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      ExecutorService handler =
          Executors.newSingleThreadExecutor(
              r -> {
                Thread t = new Thread(r, "ballast-warmup-server");
                t.setDaemon(true);
                return t;
              });
      s.setExecutor(handler);
      s.createContext("/", WarmUpServer::answer);
      s.start();
      return new WarmUpServer(s, handler);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot bind the warm-up server on 127.0.0.1", e);
    }
  }

  /** The server's base URI, {@code http://127.0.0.1:<port>}. */
  public URI uri() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  private static void answer(HttpExchange exchange) throws IOException {
    byte[] request;
    try (InputStream in = exchange.getRequestBody()) {
      request = in.readAllBytes();
    }
    String path = exchange.getRequestURI().getPath();
    byte[] body;
    if (path.endsWith("/chat/completions")) {
      body = CHAT;
    } else if (path.endsWith("/converse")) {
      body = contains(request, "\"toolConfig\"") ? CONVERSE_TOOL : CONVERSE_TEXT;
    } else {
      exchange.sendResponseHeaders(404, -1);
      exchange.close();
      return;
    }
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.getResponseHeaders().set("x-amzn-RequestId", "warm-up");
    exchange.sendResponseHeaders(200, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  private static boolean contains(byte[] haystack, String needle) {
    return new String(haystack, StandardCharsets.UTF_8).contains(needle);
  }

  @Override
  public void close() {
    server.stop(0);
    handler.shutdownNow();
  }
}
