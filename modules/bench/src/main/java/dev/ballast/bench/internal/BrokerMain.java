package dev.ballast.bench.internal;

import dev.ballast.broker.EmbeddedKafkaBroker;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

/**
 * The embedded KRaft broker as a process of its own, so that a benchmark can measure Ballast's
 * process without the broker in it. Prints {@code bootstrap.servers=<host:port>} on standard output
 * once the broker is ready, then runs until its standard input closes (the parent exited or closed
 * it), and stops the broker.
 */
public final class BrokerMain {

  /** The line prefix announcing the broker's address. */
  static final String READY_PREFIX = "bootstrap.servers=";

  private BrokerMain() {}

  /** Starts the broker; no arguments. */
  public static void main(String[] args) throws IOException {
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(Map.of())) {
      System.out.println(READY_PREFIX + broker.bootstrapServers());
      System.out.flush();
      InputStream in = System.in;
      while (in.read() >= 0) {
        // wait for end of input
      }
    }
    System.exit(0);
  }
}
