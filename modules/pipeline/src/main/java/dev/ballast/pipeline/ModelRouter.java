package dev.ballast.pipeline;

import dev.ballast.modelclient.BreakerListener;
import dev.ballast.modelclient.Endpoint;
import dev.ballast.modelclient.ModelClient;
import dev.ballast.modelclient.exchange.ExchangeResult;
import dev.ballast.modelclient.gateway.GatewayRoute;
import dev.ballast.modelclient.gateway.ModelGateway;
import dev.ballast.pipeline.internal.BreakerEvents;
import dev.ballast.pipeline.internal.DaemonThreads;
import dev.ballast.pipeline.internal.InFlightWindow;
import dev.ballast.pipeline.internal.PollPace;
import dev.ballast.schemas.InferenceRequest;
import dev.ballast.schemas.Lane;
import dev.ballast.schemas.RequestState;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Function;

/**
 * Sends a request's next exchange to the {@link ModelGateway} from the threads its clients start
 * calls on ({@link ModelGateway#starter()}; a pool of dispatch threads when it has none), so stream
 * threads never pay for building and signing a call. One router per pipeline instance, shared by
 * every stream thread; it owns the gateway, the instance's {@link InFlightWindow} and the threads
 * that send calls. A defect or a closed dispatcher completes a call exceptionally; the stage then
 * fails the request with {@code INTERNAL_ERROR}.
 *
 * <p>This class is thread-safe.
 */
public final class ModelRouter implements AutoCloseable {

  private final ModelGateway gateway;
  private final InFlightWindow window;
  private final PollPace onlinePace = new PollPace();
  private final PollPace batchPace = new PollPace();
  private final BreakerEvents events = new BreakerEvents();
  private final ScheduledExecutorService scheduler = DaemonThreads.scheduled("ballast-call");
  private final ExecutorService ownedDispatcher;
  private final Executor dispatcher;
  private final PipelineMetrics metrics;

  private ModelRouter(
      BallastConfig config,
      PipelineMetrics metrics,
      Function<Endpoint, ModelClient> clients,
      Clock clock,
      Executor dispatcher) {
    this.metrics = metrics;
    // Breaker changes go to the kept list (demo, benchmarks) and to the metrics.
    BreakerListener breakers =
        (endpoint, from, to, atMs) -> {
          events.onStateChange(endpoint, from, to, atMs);
          metrics.onStateChange(endpoint, from, to, atMs);
        };
    int size = config.intValue(ConfigKeys.MAX_IN_FLIGHT);
    this.window = new InFlightWindow(size, size * config.intValue(ConfigKeys.BATCH_HEADROOM) / 100);
    ModelGateway.Settings settings = GatewayConfig.settings(config, clock);
    List<GatewayRoute> routes = GatewayConfig.routes(config);
    this.gateway =
        clients == null
            ? ModelGateway.connect(settings, routes, scheduler, breakers, metrics)
            : ModelGateway.create(
                settings,
                routes,
                t -> clients.apply(t.endpoint()),
                scheduler,
                breakers,
                metrics,
                null);
    // Calls start on the transport's threads where the gateway has them; a gateway with clients of
    // its own (tests) gets a pool.
    Executor starter = dispatcher != null ? dispatcher : gateway.starter();
    this.ownedDispatcher = starter == null ? DaemonThreads.fixed("ballast-dispatch") : null;
    this.dispatcher = starter == null ? ownedDispatcher : starter;
  }

  /** A router whose gateway calls the configured providers, counting into {@code metrics}. */
  public static ModelRouter connect(BallastConfig config, PipelineMetrics metrics) {
    return new ModelRouter(config, metrics, null, Clock.systemUTC(), null);
  }

  /**
   * A router whose clients come from {@code clients}, sending calls from {@code dispatcher} (tests:
   * {@code Runnable::run} starts calls on the caller's thread).
   */
  public static ModelRouter create(
      BallastConfig config,
      PipelineMetrics metrics,
      Function<Endpoint, ModelClient> clients,
      Clock clock,
      Executor dispatcher) {
    return new ModelRouter(config, metrics, clients, clock, dispatcher);
  }

  public ModelGateway gateway() {
    return gateway;
  }

  public InFlightWindow window() {
    return window;
  }

  /**
   * How long the stream threads of {@code lane}'s Kafka Streams app may wait in a poll: short while
   * one of its stages has calls out.
   */
  public PollPace pace(Lane lane) {
    return lane == Lane.BATCH ? batchPace : onlinePace;
  }

  /** Breaker state changes so far (the latest thousand). */
  public BreakerEvents breakers() {
    return events;
  }

  /** Serves {@code request}'s next exchange as {@code state} says; its route must be configured. */
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
      gateway
          .serve(
              request,
              state.getChainIndex(),
              state.getCalls() + 1,
              state.getModelCalls(),
              state.getLane() == Lane.BATCH,
              state.getShrinks() > 0)
          .whenComplete(
              (result, e) -> {
                if (e != null) {
                  future.completeExceptionally(e);
                } else {
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
    gateway.close();
  }
}
