package dev.ballast.pipeline;

import dev.ballast.modelclient.ErrorClassifier;
import dev.ballast.modelclient.ModelClient;
import dev.ballast.modelclient.ModelRequest;
import dev.ballast.pipeline.internal.Requests;
import dev.ballast.schemas.InferenceRequest;
import dev.ballast.schemas.RequestState;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.function.Function;

/**
 * Resolves a request's route to an endpoint and calls it. One router per pipeline instance, shared
 * by every stream thread: it owns the model clients and the instance's in-flight window.
 *
 * <p>This class is thread-safe.
 */
public final class ModelRouter implements AutoCloseable {

  private final Map<String, RouteConfig> routes;
  private final Map<String, ModelClient> clients = new LinkedHashMap<>();
  private final Semaphore window;
  private final int windowSize;
  private final Clock clock;
  private final Runnable onClose;
  private final java.util.concurrent.Executor dispatcher;
  private final java.util.concurrent.ExecutorService ownedDispatcher;

  private ModelRouter(
      Map<String, RouteConfig> routes,
      Function<EndpointConfig, ModelClient> clientFactory,
      int windowSize,
      Clock clock,
      Runnable onClose,
      java.util.concurrent.Executor dispatcher) {
    this.routes = Map.copyOf(routes);
    for (RouteConfig route : routes.values()) {
      for (EndpointConfig e : route.endpoints()) {
        clients.computeIfAbsent(key(e), k -> clientFactory.apply(e));
      }
    }
    this.windowSize = windowSize;
    this.window = new Semaphore(windowSize);
    this.clock = clock;
    this.onClose = onClose;
    if (dispatcher != null) {
      this.dispatcher = dispatcher;
      this.ownedDispatcher = null;
    } else {
      // Building, signing and sending a provider call costs CPU on the calling thread (about a
      // millisecond for the AWS SDK); these threads pay it so stream threads never do.
      java.util.concurrent.atomic.AtomicInteger n = new java.util.concurrent.atomic.AtomicInteger();
      this.ownedDispatcher =
          java.util.concurrent.Executors.newFixedThreadPool(
              Math.max(2, Runtime.getRuntime().availableProcessors()),
              r -> {
                Thread t = new Thread(r, "ballast-dispatch-" + n.incrementAndGet());
                t.setDaemon(true);
                return t;
              });
      this.dispatcher = ownedDispatcher;
    }
  }

  /**
   * A router over {@code routes} whose clients come from {@code clientFactory}.
   *
   * @param windowSize calls in flight at most, across every stream thread
   * @param onClose run on {@link #close()}, e.g. closing the clients' owner
   */
  public static ModelRouter create(
      Map<String, RouteConfig> routes,
      Function<EndpointConfig, ModelClient> clientFactory,
      int windowSize,
      Clock clock,
      Runnable onClose) {
    Objects.requireNonNull(routes, "routes");
    Objects.requireNonNull(clientFactory, "clientFactory");
    if (windowSize < 1) {
      throw new IllegalArgumentException("windowSize must be >= 1, was " + windowSize);
    }
    return new ModelRouter(routes, clientFactory, windowSize, clock, onClose, null);
  }

  /**
   * As {@link #create(Map, Function, int, Clock, Runnable)}, sending calls from {@code dispatcher}
   * (for tests: {@code Runnable::run} makes calls start on the caller's thread).
   */
  public static ModelRouter create(
      Map<String, RouteConfig> routes,
      Function<EndpointConfig, ModelClient> clientFactory,
      int windowSize,
      Clock clock,
      Runnable onClose,
      java.util.concurrent.Executor dispatcher) {
    Objects.requireNonNull(dispatcher, "dispatcher");
    if (windowSize < 1) {
      throw new IllegalArgumentException("windowSize must be >= 1, was " + windowSize);
    }
    return new ModelRouter(routes, clientFactory, windowSize, clock, onClose, dispatcher);
  }

  /** The configured route names. */
  public java.util.Set<String> routeNames() {
    return routes.keySet();
  }

  /** The route named {@code name}, or null. */
  public RouteConfig route(String name) {
    return routes.get(name);
  }

  /** The instance-wide window of calls in flight; permits are taken before a call starts. */
  public Semaphore window() {
    return window;
  }

  public int windowSize() {
    return windowSize;
  }

  /**
   * Calls the endpoint the request's state points at. Never throws: failures are classified into
   * the outcome. The returned future completes on a client thread.
   */
  public CompletableFuture<CallOutcome> call(InferenceRequest request, RequestState state) {
    RouteConfig route = routes.get(request.getRoute());
    List<EndpointConfig> chain = route.endpoints();
    EndpointConfig target = chain.get(Math.min(state.getChainIndex(), chain.size() - 1));
    ModelClient client = clients.get(key(target));
    ModelRequest call = Requests.toModelRequest(request, state.getCalls() + 1);
    CompletableFuture<CallOutcome> future = new CompletableFuture<>();
    try {
      dispatcher.execute(
          () -> send(client, target, call).whenComplete((o, e) -> future.complete(o)));
    } catch (java.util.concurrent.RejectedExecutionException e) {
      future.complete(
          CallOutcome.failure(target.endpoint(), clock.millis(), 0, ErrorClassifier.classify(e)));
    }
    return future;
  }

  private CompletableFuture<CallOutcome> send(
      ModelClient client, EndpointConfig target, ModelRequest call) {
    long startedAt = clock.millis();
    long startNanos = System.nanoTime();
    CompletableFuture<CallOutcome> future;
    try {
      future =
          client
              .converse(call)
              .handle(
                  (response, error) ->
                      error == null
                          ? CallOutcome.success(target.endpoint(), startedAt, response)
                          : CallOutcome.failure(
                              target.endpoint(),
                              startedAt,
                              (System.nanoTime() - startNanos) / 1_000_000,
                              ErrorClassifier.classify(error)));
    } catch (RuntimeException e) {
      future =
          CompletableFuture.completedFuture(
              CallOutcome.failure(target.endpoint(), startedAt, 0, ErrorClassifier.classify(e)));
    }
    return future;
  }

  private static String key(EndpointConfig e) {
    return e.endpoint().id() + "|" + e.endpoint().override().map(Object::toString).orElse("");
  }

  @Override
  public void close() {
    if (ownedDispatcher != null) {
      ownedDispatcher.shutdownNow();
    }
    if (onClose != null) {
      onClose.run();
    }
  }
}
