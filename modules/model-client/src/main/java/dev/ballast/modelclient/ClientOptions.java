package dev.ballast.modelclient;

import java.time.Duration;
import java.util.Objects;

/**
 * Transport settings shared by every client a {@link ModelClients} creates.
 *
 * @param callTimeout hard limit of one HTTP call, connection included; the call fails with a {@link
 *     FailureClass#TIMEOUT} when it passes
 * @param maxConnections connections per endpoint host; HTTP/1.1 carries one call per connection, so
 *     this bounds the calls in flight to one host. Each event loop gets an even share, rounded up
 * @param ioThreads threads that build, sign and send calls, and as many event loops of the shared
 *     AWS SDK HTTP client (the AWS Common Runtime's) that carry them and read their answers; 0 for
 *     one of each per available processor
 */
public record ClientOptions(Duration callTimeout, int maxConnections, int ioThreads) {

  /** 60 s per call, 1,024 connections, one I/O thread of each kind per available processor. */
  public static final ClientOptions DEFAULTS = new ClientOptions(Duration.ofSeconds(60), 1024, 0);

  public ClientOptions {
    Objects.requireNonNull(callTimeout, "callTimeout");
    if (callTimeout.isNegative() || callTimeout.isZero()) {
      throw new IllegalArgumentException("callTimeout must be positive, was " + callTimeout);
    }
    if (maxConnections < 1) {
      throw new IllegalArgumentException("maxConnections must be >= 1, was " + maxConnections);
    }
    if (ioThreads < 0) {
      throw new IllegalArgumentException("ioThreads must be >= 0, was " + ioThreads);
    }
  }

  public ClientOptions withCallTimeout(Duration timeout) {
    return new ClientOptions(timeout, maxConnections, ioThreads);
  }

  public ClientOptions withMaxConnections(int n) {
    return new ClientOptions(callTimeout, n, ioThreads);
  }

  /** These options with {@code n} event loops; 0 for twice the available processors. */
  public ClientOptions withIoThreads(int n) {
    return new ClientOptions(callTimeout, maxConnections, n);
  }
}
