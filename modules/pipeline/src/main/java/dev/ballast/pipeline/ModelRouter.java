package dev.ballast.pipeline;

import dev.ballast.modelclient.Admission;
import dev.ballast.modelclient.ModelClient;
import dev.ballast.modelclient.exchange.ExchangeResult;
import dev.ballast.modelclient.exchange.ExchangeTools;
import dev.ballast.modelclient.exchange.Exchanges;
import dev.ballast.modelclient.exchange.WireRequests;
import dev.ballast.modelclient.recovery.RecoveryPlan;
import dev.ballast.pipeline.internal.BreakerEvents;
import dev.ballast.pipeline.internal.DaemonThreads;
import dev.ballast.pipeline.internal.InFlightWindow;
import dev.ballast.pipeline.internal.RouteTable;
import dev.ballast.schemas.InferenceRequest;
import dev.ballast.schemas.Lane;
import dev.ballast.schemas.RequestState;
import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;

/**
 * Sends a request's next exchange to the endpoint its state points at: the seam between the
 * pipeline and model-client. One router per pipeline instance, shared by every stream thread; it
 * owns the {@link RouteTable} (and so the circuit breakers), the instance's {@link InFlightWindow},
 * the {@link RecoveryPlan} and the threads that send calls.
 *
 * <p>A defect or a closed dispatcher completes a call exceptionally; the stage fails the request
 * with {@code INTERNAL_ERROR}. This class is thread-safe.
 */
public final class ModelRouter implements AutoCloseable {

  private final RouteTable routes;
  private final InFlightWindow window;
  private final RecoveryPlan plan;
  private final Exchanges exchanges;
  private final BreakerEvents events;
  private final Executor dispatcher;
  private final ExecutorService ownedDispatcher;
  private final ScheduledExecutorService scheduler;
  private final Runnable onClose;
  private final PipelineMetrics metrics;

  private ModelRouter(
      BallastConfig config,
      PipelineMetrics metrics,
      Function<EndpointConfig, ModelClient> clients,
      Clock clock,
      Runnable onClose,
      Executor dispatcher) {
    this.onClose = onClose;
    this.metrics = metrics;
    // Sends calls, waits out retry backoff and admission: as many threads as cores.
    this.scheduler = DaemonThreads.scheduled("ballast-call");
    // Building, signing and sending a call costs CPU (about a millisecond in the AWS SDK); these
    // threads pay it so stream threads never do.
    this.ownedDispatcher = dispatcher == null ? DaemonThreads.fixed("ballast-dispatch") : null;
    this.dispatcher = dispatcher == null ? ownedDispatcher : dispatcher;
    int size = config.intValue(ConfigKeys.MAX_IN_FLIGHT);
    int headroom = config.intValue(ConfigKeys.BATCH_HEADROOM);
    this.window = new InFlightWindow(size, size * headroom / 100);
    this.events = new BreakerEvents(metrics);
    this.routes =
        new RouteTable(
            config.routes(),
            clients,
            new RouteTable.Settings(
                config.resiliencePolicy(),
                config.duration(ConfigKeys.STAGE_TIMEOUT),
                size,
                headroom,
                scheduler,
                clock,
                events));
    this.plan = new RecoveryPlan(config.recoverySettings(), ThreadLocalRandom.current());
    ExchangeTools tools = config.exchangeTools();
    this.exchanges = new Exchanges(tools, plan, metrics, clock);
  }

  /**
   * A router over {@code config}'s routes whose clients come from {@code clients}, counting into
   * {@code metrics}.
   *
   * @param onClose run on {@link #close()}, e.g. closing the clients' owner; may be null
   */
  public static ModelRouter create(
      BallastConfig config,
      PipelineMetrics metrics,
      Function<EndpointConfig, ModelClient> clients,
      Clock clock,
      Runnable onClose) {
    return new ModelRouter(config, metrics, clients, clock, onClose, null);
  }

  /**
   * As {@link #create(BallastConfig, PipelineMetrics, Function, Clock, Runnable)}, sending calls
   * from {@code dispatcher} (for tests: {@code Runnable::run} starts calls on the caller's thread).
   */
  public static ModelRouter create(
      BallastConfig config,
      PipelineMetrics metrics,
      Function<EndpointConfig, ModelClient> clients,
      Clock clock,
      Runnable onClose,
      Executor dispatcher) {
    return new ModelRouter(
        Objects.requireNonNull(config, "config"),
        Objects.requireNonNull(metrics, "metrics"),
        Objects.requireNonNull(clients, "clients"),
        clock,
        onClose,
        Objects.requireNonNull(dispatcher, "dispatcher"));
  }

  public RouteTable routes() {
    return routes;
  }

  public InFlightWindow window() {
    return window;
  }

  public RecoveryPlan plan() {
    return plan;
  }

  public ExchangeTools tools() {
    return exchanges.tools();
  }

  /** Breaker state changes so far (the latest thousand). */
  public BreakerEvents breakers() {
    return events;
  }

  /**
   * Serves {@code request} on the endpoint of its route that {@code state.chainIndex} points at,
   * with the rest of its call budget, shortened when {@code state.shrinks} says so. The route must
   * be configured. Never completes exceptionally: failures are in the result.
   */
  public CompletableFuture<ExchangeResult> call(InferenceRequest request, RequestState state) {
    CompletableFuture<ExchangeResult> future = new CompletableFuture<>();
    try {
      dispatcher.execute(() -> run(request, state, future));
    } catch (RejectedExecutionException closing) {
      future.completeExceptionally(closing);
    }
    return future;
  }

  private void run(
      InferenceRequest request, RequestState state, CompletableFuture<ExchangeResult> future) {
    try {
      exchanges
          .run(
              WireRequests.toModelRequest(request, state.getCalls() + 1),
              routes.exchangeRoute(request.getRoute()),
              routes.callerAt(request.getRoute(), state.getChainIndex()),
              state.getLane() == Lane.BATCH ? Admission.Lane.BATCH : Admission.Lane.ONLINE,
              plan.budget(state.getCalls() + 1, state.getModelCalls()),
              state.getShrinks() > 0)
          .whenComplete(
              (result, e) -> {
                if (e != null) {
                  future.completeExceptionally(e);
                } else {
                  metrics.exchange(result);
                  future.complete(result);
                }
              });
    } catch (RuntimeException defect) {
      future.completeExceptionally(defect);
    }
  }

  @Override
  public void close() {
    if (ownedDispatcher != null) {
      ownedDispatcher.shutdownNow();
    }
    scheduler.shutdownNow();
    if (onClose != null) {
      onClose.run();
    }
  }
}
