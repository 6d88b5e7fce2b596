package dev.ballast.modelclient;

import java.time.Duration;
import java.util.Objects;

/**
 * Transport settings shared by every client a {@link ModelClients} creates.
 *
 * @param callTimeout hard limit of one HTTP call, connection included; the call fails with a {@link
 *     FailureClass#TIMEOUT} when it passes
 * @param maxConnections connections per endpoint host; HTTP/1.1 carries one call per connection, so
 *     this bounds the calls in flight to one host
 */
public record ClientOptions(Duration callTimeout, int maxConnections) {

  /** 60 s per call, 1,024 connections. */
  public static final ClientOptions DEFAULTS = new ClientOptions(Duration.ofSeconds(60), 1024);

  public ClientOptions {
    Objects.requireNonNull(callTimeout, "callTimeout");
    if (callTimeout.isNegative() || callTimeout.isZero()) {
      throw new IllegalArgumentException("callTimeout must be positive, was " + callTimeout);
    }
    if (maxConnections < 1) {
      throw new IllegalArgumentException("maxConnections must be >= 1, was " + maxConnections);
    }
  }

  public ClientOptions withCallTimeout(Duration timeout) {
    return new ClientOptions(timeout, maxConnections);
  }

  public ClientOptions withMaxConnections(int n) {
    return new ClientOptions(callTimeout, n);
  }
}
