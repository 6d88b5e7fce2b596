package dev.ballast.simulator.internal;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.concurrent.Executor;

/**
 * The HTTP/1.1 server of one simulated region. Created started; {@link #stop()} closes the socket
 * and every connection and ends the dispatcher thread. Thread-safe.
 */
final class RegionServer {

  /** Pending connections the OS queues before accepting: room for 1,000+ concurrent clients. */
  private static final int BACKLOG = 2048;

  /** Kept-alive connections that may wait idle for their next request. */
  static final int MAX_IDLE = 10_000;

  static {
    // The JDK server writes headers and body separately; with Nagle's algorithm on, every reply
    // then waits for the client's delayed ACK (~40 ms). Read once, when the JDK server's
    // configuration class loads: set it before the first server is created, unless set already.
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true");
    }
    // The JDK server closes a kept-alive connection that goes idle while 200 others are: a client
    // with more connections than that (a pipeline keeps up to model.max.in.flight) would have them
    // closed and reopened all the time, which no provider's endpoint does.
    if (System.getProperty("sun.net.httpserver.maxIdleConnections") == null) {
      System.setProperty("sun.net.httpserver.maxIdleConnections", Integer.toString(MAX_IDLE));
    }
  }

  private final String region;
  private final HttpServer server;
  private final URI uri;

  RegionServer(String region, InetAddress bind, int port, Router router, Executor handlers) {
    this.region = region;
    try {
      server = HttpServer.create(new InetSocketAddress(bind, port), BACKLOG);
    } catch (BindException e) {
      throw new UncheckedIOException(
          "region "
              + region
              + ": cannot listen on "
              + bind.getHostAddress()
              + ":"
              + port
              + " ("
              + e.getMessage()
              + ")",
          e);
    } catch (IOException e) {
      throw new UncheckedIOException("region " + region + ": cannot start its server", e);
    }
    server.createContext("/", router);
    server.setExecutor(handlers);
    server.start();
    String host = bind.getHostAddress();
    if (bind.isAnyLocalAddress()) {
      host = "127.0.0.1";
    } else if (host.contains(":")) {
      host = "[" + host + "]";
    }
    uri = URI.create("http://" + host + ":" + server.getAddress().getPort());
  }

  String region() {
    return region;
  }

  URI uri() {
    return uri;
  }

  int port() {
    return server.getAddress().getPort();
  }

  void stop() {
    server.stop(0);
  }
}
