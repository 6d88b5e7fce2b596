package dev.ballast.modelclient;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * Asynchronous access to one model endpoint.
 *
 * <p>A call never blocks the caller. The returned future completes with the answer, or
 * exceptionally with a {@link ModelCallException} whose {@link ModelCallException#failure()} says
 * which class of failure it was. Implementations make exactly one network call per invocation:
 * retries are the caller's decision. The future may complete on the client's I/O thread, so what is
 * chained onto it must not block. Implementations are thread-safe.
 */
public interface ModelClient extends AutoCloseable {

  /** The endpoint this client calls. */
  Endpoint endpoint();

  /** Sends {@code request}; never throws, failures complete the future exceptionally. */
  CompletableFuture<ModelResponse> converse(ModelRequest request);

  /**
   * Sends {@code request} with {@code timeout} as the limit of this one call (a {@link
   * FailureClass#TIMEOUT} when it passes) instead of the client's default. Clients that cannot
   * bound one call apply their default.
   */
  default CompletableFuture<ModelResponse> converse(ModelRequest request, Duration timeout) {
    return converse(request);
  }

  /** Releases connections and threads. */
  @Override
  void close();
}
