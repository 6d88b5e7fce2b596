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
 * @param ioThreads event-loop threads of the shared AWS SDK HTTP client (Netty); 0 for the SDK's
 *     default (Netty's: twice the available processors). Fewer loops cost less CPU per call at
 *     moderate rates, because a call's steps (taking a pooled connection, writing, reading, giving
 *     it back) then wake fewer threads; more loops carry more calls a second: on 2 cores at 200
 *     calls a second, one loop woke 3 to 4 times per call and two or four loops 13 to 15 times,
 *     while the most a pipeline served fell by a quarter with one loop
 *     (modules/bench/results/2026-12-01/NOTES.md)
 */
public record ClientOptions(Duration callTimeout, int maxConnections, int ioThreads) {

  /** 60 s per call, 1,024 connections, the SDK's default event-loop threads. */
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

  /** These options with {@code n} event-loop threads; 0 for the SDK's default. */
  public ClientOptions withIoThreads(int n) {
    return new ClientOptions(callTimeout, maxConnections, n);
  }
}
