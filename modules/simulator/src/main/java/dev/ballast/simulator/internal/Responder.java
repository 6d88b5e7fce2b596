package dev.ballast.simulator.internal;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends replies, now or after a delay, without a thread per waiting exchange: a delayed reply is a
 * task on the scheduler that writes it (the write only queues the reply on its connection's event
 * loop). Thread-safe.
 */
final class Responder {

  private static final Logger log = LoggerFactory.getLogger(Responder.class);

  private final ScheduledExecutorService scheduler;

  Responder(ScheduledExecutorService scheduler) {
    this.scheduler = scheduler;
  }

  /** Sends the reply after {@code delayMillis}; at once when it is 0 or less. */
  void send(HttpExchange exchange, Reply reply, long delayMillis) {
    if (delayMillis <= 0) {
      write(exchange, reply);
      return;
    }
    try {
      scheduler.schedule(() -> write(exchange, reply), delayMillis, TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      exchange.close();
    }
  }

  /** Writes the reply on the calling thread and closes the exchange. */
  static void write(HttpExchange exchange, Reply reply) {
    try (exchange) {
      reply.headers().forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
      byte[] body = reply.body();
      exchange.sendResponseHeaders(reply.status(), body.length == 0 ? -1 : body.length);
      if (body.length > 0) {
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(body);
        }
      }
    } catch (IOException e) {
      log.debug("Client went away before its reply was written: {}", e.toString());
    }
  }
}
