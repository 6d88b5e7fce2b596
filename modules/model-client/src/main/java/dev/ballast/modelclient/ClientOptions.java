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
 * @param ioThreads event-loop threads of the shared AWS SDK HTTP client (Netty), at least 1; {@link
 *     #defaultIoThreads()} unless configured
 */
public record ClientOptions(Duration callTimeout, int maxConnections, int ioThreads) {

  /** 60 s per call, 1,024 connections, {@link #defaultIoThreads()} event-loop threads. */
  public static final ClientOptions DEFAULTS =
      new ClientOptions(Duration.ofSeconds(60), 1024, defaultIoThreads());

  public ClientOptions {
    Objects.requireNonNull(callTimeout, "callTimeout");
    if (callTimeout.isNegative() || callTimeout.isZero()) {
      throw new IllegalArgumentException("callTimeout must be positive, was " + callTimeout);
    }
    if (maxConnections < 1) {
      throw new IllegalArgumentException("maxConnections must be >= 1, was " + maxConnections);
    }
    if (ioThreads < 1) {
      throw new IllegalArgumentException("ioThreads must be >= 1, was " + ioThreads);
    }
  }

  /**
   * Half the available processors, at least one. Netty's own default (twice the processors) is
   * sized for servers; a client whose calls last hundreds of milliseconds or more does little work
   * per call on its event loops, and each loop more spreads a call's steps (acquiring a pooled
   * connection, writing, reading, releasing) over more threads, each woken for its step: at 200
   * calls a second on 2 cores, four loops woke about 15 times per call and one about 5 times
   * (modules/bench/results/2026-12-01/NOTES.md).
   */
  public static int defaultIoThreads() {
    return Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
  }

  public ClientOptions withCallTimeout(Duration timeout) {
    return new ClientOptions(timeout, maxConnections, ioThreads);
  }

  public ClientOptions withMaxConnections(int n) {
    return new ClientOptions(callTimeout, n, ioThreads);
  }

  /** These options with {@code n} event-loop threads, or {@link #defaultIoThreads()} when 0. */
  public ClientOptions withIoThreads(int n) {
    return new ClientOptions(callTimeout, maxConnections, n == 0 ? defaultIoThreads() : n);
  }
}
