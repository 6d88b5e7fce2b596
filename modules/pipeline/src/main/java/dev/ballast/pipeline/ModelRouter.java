package dev.ballast.pipeline;

import dev.ballast.modelclient.BreakerListener;
import dev.ballast.modelclient.CallOutcome;
import dev.ballast.modelclient.CallReport;
import dev.ballast.modelclient.EndpointCaller;
import dev.ballast.modelclient.ErrorClassifier;
import dev.ballast.modelclient.ModelClient;
import dev.ballast.modelclient.ModelRequest;
import dev.ballast.pipeline.internal.Requests;
import dev.ballast.schemas.InferenceRequest;
import dev.ballast.schemas.RequestState;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Resolves a request's route to the endpoint its state points at and calls it through that
 * endpoint's policies. One router per pipeline instance, shared by every stream thread: it owns the
 * endpoint callers (and so the circuit breakers), the instance's in-flight window, and the threads
 * that send calls.
 *
 * <p>This class is thread-safe.
 */
public final class ModelRouter implements AutoCloseable {

  private static final int MAX_EVENTS = 1000;

  private final Map<String, RouteConfig> routes;
  private final Map<String, EndpointCaller> callers = new LinkedHashMap<>();
  private final Semaphore window;
  private final int windowSize;
  private final Clock clock;
  private final Runnable onClose;
  private final Executor dispatcher;
  private final ExecutorService ownedDispatcher;
  private final ScheduledExecutorService scheduler;
  private final List<BreakerEvent> events = Collections.synchronizedList(new ArrayList<>());
  private final PipelineMetrics metrics = new PipelineMetrics();
  private final dev.ballast.pipeline.internal.ContextServices context;
  private final dev.ballast.pipeline.internal.Exchanges exchanges;
  private final dev.ballast.pipeline.internal.Jmx jmx = new dev.ballast.pipeline.internal.Jmx();

  private ModelRouter(
      BallastConfig config,
      Function<EndpointConfig, ModelClient> clientFactory,
      Clock clock,
      Runnable onClose,
      Executor dispatcher) {
    this.routes = config.routes();
    this.windowSize = config.intValue(ConfigKeys.MAX_IN_FLIGHT);
    this.window = new Semaphore(windowSize);
    this.clock = clock;
    this.onClose = onClose;
    // Sends calls, waits out retry backoff and admission: as many threads as cores, so sending
    // (about a millisecond of CPU in the AWS SDK) is never serialized on one thread.
    this.scheduler =
        Executors.newScheduledThreadPool(
            Math.max(2, Runtime.getRuntime().availableProcessors()), daemon("ballast-call"));
    this.context = new dev.ballast.pipeline.internal.ContextServices(config);
    this.exchanges =
        new dev.ballast.pipeline.internal.Exchanges(
            context, metrics, clock, (route, request) -> primaryCaller(route).call(request));
    BreakerListener listener =
        (endpoint, from, to, at) -> {
          synchronized (events) {
            if (events.size() >= MAX_EVENTS) {
              events.remove(0);
            }
            events.add(new BreakerEvent(endpoint.id(), from, to, at));
          }
        };
    if (dispatcher != null) {
      this.dispatcher = dispatcher;
      this.ownedDispatcher = null;
    } else {
      // Building, signing and sending a provider call costs CPU on the calling thread (about a
      // millisecond for the AWS SDK); these threads pay it so stream threads never do.
      this.ownedDispatcher =
          Executors.newFixedThreadPool(
              Math.max(2, Runtime.getRuntime().availableProcessors()), daemon("ballast-dispatch"));
      this.dispatcher = ownedDispatcher;
    }
    int headroom = config.intValue(ConfigKeys.BATCH_HEADROOM);
    for (RouteConfig route : routes.values()) {
      for (EndpointConfig e : route.endpoints()) {
        callers.computeIfAbsent(
            key(e),
            k ->
                new EndpointCaller(
                    clientFactory.apply(e),
                    config.resiliencePolicy(),
                    config.duration(ConfigKeys.STAGE_TIMEOUT),
                    scheduler,
                    clock,
                    listener,
                    new dev.ballast.modelclient.Admission(
                        new dev.ballast.modelclient.Admission.Limits(
                            e.requestsPerMinute(),
                            e.tokensPerMinute(),
                            e.maxConcurrency() > 0 ? e.maxConcurrency() : windowSize,
                            headroom),
                        scheduler,
                        System::nanoTime)));
      }
    }
    callers.forEach(
        (k, caller) -> {
          String id = caller.endpoint().id();
          jmx.register(
              "CircuitBreaker",
              id,
              Map.of(
                  "State", () -> caller.breakerState().name(),
                  "Open",
                      () ->
                          (Object) (caller.breakerState() == BreakerListener.State.OPEN ? 1L : 0L),
                  "Opened",
                      () ->
                          (Object)
                              breakerEvents().stream()
                                  .filter(
                                      e ->
                                          e.endpoint().equals(id)
                                              && e.to() == BreakerListener.State.OPEN)
                                  .count()));
        });
  }

  /**
   * A router over {@code config}'s routes whose clients come from {@code clientFactory}.
   *
   * @param onClose run on {@link #close()}, e.g. closing the clients' owner; may be null
   */
  public static ModelRouter create(
      BallastConfig config,
      Function<EndpointConfig, ModelClient> clientFactory,
      Clock clock,
      Runnable onClose) {
    return new ModelRouter(
        Objects.requireNonNull(config, "config"),
        Objects.requireNonNull(clientFactory, "clientFactory"),
        clock,
        onClose,
        null);
  }

  /**
   * As {@link #create(BallastConfig, Function, Clock, Runnable)}, sending calls from {@code
   * dispatcher} (for tests: {@code Runnable::run} starts calls on the caller's thread).
   */
  public static ModelRouter create(
      BallastConfig config,
      Function<EndpointConfig, ModelClient> clientFactory,
      Clock clock,
      Runnable onClose,
      Executor dispatcher) {
    return new ModelRouter(
        config, clientFactory, clock, onClose, Objects.requireNonNull(dispatcher, "dispatcher"));
  }

  /** The configured route names. */
  public Set<String> routeNames() {
    return routes.keySet();
  }

  /** The chain of endpoints of a route, primary first. */
  public List<EndpointConfig> chain(String route) {
    RouteConfig r = routes.get(route);
    if (r == null) {
      throw new IllegalArgumentException("unknown route '" + route + "'");
    }
    return r.endpoints();
  }

  /** Counters of this instance. */
  public PipelineMetrics metrics() {
    return metrics;
  }

  /** The payload helpers of this instance (estimator, calibration, validator). */
  public dev.ballast.pipeline.internal.ContextServices context() {
    return context;
  }

  private EndpointCaller primaryCaller(String route) {
    return callers.get(key(chain(route).get(0)));
  }

  /** The breaker state of an endpoint now. */
  public BreakerListener.State breakerState(EndpointConfig endpoint) {
    return callers.get(key(endpoint)).breakerState();
  }

  /** Breaker state changes so far (the latest thousand), oldest first. */
  public List<BreakerEvent> breakerEvents() {
    synchronized (events) {
      return List.copyOf(events);
    }
  }

  /** The instance-wide window of calls in flight; permits are taken before a call starts. */
  public Semaphore window() {
    return window;
  }

  public int windowSize() {
    return windowSize;
  }

  public Clock clock() {
    return clock;
  }

  /**
   * Calls the endpoint of the request's route that {@code state.chainIndex} points at, shortened as
   * {@code state.shrinks} says. Never completes exceptionally: failures are in the report.
   */
  public CompletableFuture<CallResult> call(InferenceRequest request, RequestState state) {
    RouteConfig route = routes.get(request.getRoute());
    List<EndpointConfig> chain = route.endpoints();
    EndpointConfig target = chain.get(Math.min(state.getChainIndex(), chain.size() - 1));
    EndpointCaller caller = callers.get(key(target));
    CompletableFuture<CallResult> future = new CompletableFuture<>();
    try {
      dispatcher.execute(
          () -> {
            try {
              ModelRequest call =
                  Requests.toModelRequest(request, state.getCalls() + 1, state.getShrinks());
              exchanges
                  .run(
                      call,
                      request.getResponseSchema(),
                      route,
                      caller,
                      state.getLane() == dev.ballast.schemas.Lane.BATCH
                          ? dev.ballast.modelclient.Admission.Lane.BATCH
                          : dev.ballast.modelclient.Admission.Lane.ONLINE)
                  .whenComplete(
                      (result, e) ->
                          future.complete(result != null ? result : failed(target, state, e)));
            } catch (RuntimeException e) {
              future.complete(failed(target, state, e));
            }
          });
    } catch (RejectedExecutionException e) {
      future.complete(failed(target, state, e));
    }
    return future;
  }

  private CallResult failed(EndpointConfig target, RequestState state, Throwable e) {
    return CallResult.of(
        CallReport.of(
            CallOutcome.failure(
                target.endpoint(),
                state.getCalls() + 1,
                clock.millis(),
                0,
                ErrorClassifier.classify(e))));
  }

  private static String key(EndpointConfig e) {
    return e.endpoint().id() + "|" + e.endpoint().override().map(Object::toString).orElse("");
  }

  private static java.util.concurrent.ThreadFactory daemon(String name) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, name + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  @Override
  public void close() {
    if (ownedDispatcher != null) {
      ownedDispatcher.shutdownNow();
    }
    scheduler.shutdownNow();
    jmx.close();
    if (onClose != null) {
      onClose.run();
    }
  }
}
