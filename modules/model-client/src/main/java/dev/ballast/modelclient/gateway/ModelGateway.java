package dev.ballast.modelclient.gateway;

import dev.ballast.modelclient.Admission;
import dev.ballast.modelclient.BreakerListener;
import dev.ballast.modelclient.ChainRouting;
import dev.ballast.modelclient.ClientOptions;
import dev.ballast.modelclient.EndpointCaller;
import dev.ballast.modelclient.FleetLink;
import dev.ballast.modelclient.ModelClient;
import dev.ballast.modelclient.ModelClients;
import dev.ballast.modelclient.ResiliencePolicy;
import dev.ballast.modelclient.context.ModelLimits;
import dev.ballast.modelclient.exchange.ExchangeListener;
import dev.ballast.modelclient.exchange.ExchangeResult;
import dev.ballast.modelclient.exchange.ExchangeRoute;
import dev.ballast.modelclient.exchange.ExchangeTools;
import dev.ballast.modelclient.exchange.Exchanges;
import dev.ballast.modelclient.exchange.WireRequests;
import dev.ballast.modelclient.recovery.Decision;
import dev.ballast.modelclient.recovery.RecoveryPlan;
import dev.ballast.schemas.InferenceRequest;
import dev.ballast.schemas.Lane;
import dev.ballast.schemas.RequestState;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;

/**
 * The model side of one Ballast instance: the pipeline's one door into model-client. Resolves
 * routes to one {@link EndpointCaller} per distinct endpoint (its circuit breaker and admission
 * shared by every route and stream thread that name it), runs each request's exchange on the
 * endpoint its position in the chain points at, and owns the {@link RecoveryPlan}.
 *
 * <p>This class is thread-safe; {@link #serve} never blocks.
 */
public final class ModelGateway implements AutoCloseable {

  /**
   * How the gateway calls.
   *
   * @param resilience each endpoint's in-process policies
   * @param stageTimeout all in-process work for one request on one endpoint
   * @param windowSize calls in flight per instance (an endpoint's default concurrency)
   * @param batchHeadroomPercent share of an endpoint's budgets the batch lane leaves free
   * @param recovery the recovery plan's bounds
   * @param limits context window and output limit per model id
   * @param defaultLimits the limits of models {@code limits} does not name
   * @param safetyMargin fraction of a context window left unused for estimation error
   * @param ioThreads threads that start the provider clients' calls, and event loops of their HTTP
   *     client ({@link ClientOptions#ioThreads()}); 0 for one of each per available processor
   * @param clock wall clock
   */
  public record Settings(
      ResiliencePolicy resilience,
      Duration stageTimeout,
      int windowSize,
      int batchHeadroomPercent,
      RecoveryPlan.Settings recovery,
      Map<String, ModelLimits> limits,
      ModelLimits defaultLimits,
      double safetyMargin,
      int ioThreads,
      Clock clock) {}

  private final Map<String, EndpointCaller> callers = new LinkedHashMap<>();
  private final Map<String, List<EndpointCaller>> chains = new LinkedHashMap<>();
  private final Map<EndpointCaller, EndpointView> views = new LinkedHashMap<>();
  private final Map<String, ExchangeRoute> routes = new LinkedHashMap<>();
  private final Set<String> ordered = new HashSet<>();
  private final RecoveryPlan plan;
  private final Exchanges exchanges;
  private final ScheduledExecutorService scheduler;
  private final Runnable onClose;
  private final Executor starter;

  private ModelGateway(
      Settings settings,
      List<GatewayRoute> routeList,
      Function<GatewayRoute.Target, ModelClient> clients,
      ScheduledExecutorService scheduler,
      BreakerListener breakers,
      ExchangeListener listener,
      Runnable onClose,
      Executor starter) {
    this.scheduler = scheduler;
    this.onClose = onClose;
    this.starter = starter;
    for (GatewayRoute route : routeList) {
      List<EndpointCaller> chain =
          route.chain().stream()
              .map(
                  t ->
                      callers.computeIfAbsent(
                          t.key(), k -> caller(t, clients.apply(t), settings, breakers)))
              .toList();
      chains.put(route.name(), chain);
      if (route.routing() == ChainRouting.ORDERED) {
        ordered.add(route.name());
      }
    }
    for (GatewayRoute route : routeList) {
      EndpointCaller summarizer =
          route.summarizer() == null ? null : chains.get(route.summarizer()).get(0);
      routes.put(
          route.name(),
          new ExchangeRoute(
              route.context(),
              route.maxReasks(),
              summarizer,
              route.tiers(),
              route.structuredOutput()));
    }
    callers.values().forEach(c -> views.put(c, new EndpointView(c)));
    this.plan = new RecoveryPlan(settings.recovery(), ThreadLocalRandom.current());
    ExchangeTools tools =
        ExchangeTools.of(settings.defaultLimits(), settings.limits(), settings.safetyMargin());
    this.exchanges =
        new Exchanges(tools, plan, listener, settings.clock(), settings.stageTimeout());
  }

  /**
   * A gateway whose clients come from {@code clients} (tests pass scripted ones).
   *
   * @param scheduler waits out backoff, admission and call timeouts (a call due now starts on the
   *     calling thread); owned by the caller, which should drop cancelled tasks at once
   * @param onClose run on {@link #close()}; may be null
   */
  public static ModelGateway create(
      Settings settings,
      List<GatewayRoute> routes,
      Function<GatewayRoute.Target, ModelClient> clients,
      ScheduledExecutorService scheduler,
      BreakerListener breakers,
      ExchangeListener listener,
      Runnable onClose) {
    return new ModelGateway(
        settings, routes, clients, scheduler, breakers, listener, onClose, null);
  }

  /**
   * A gateway with real provider clients (AWS SDK v2 Bedrock Runtime, OpenAI-compatible HTTP);
   * closing it closes them. Each call is bounded by its own limit ({@link
   * ResiliencePolicy#callTimeout(Integer)}); the clients' transport limit is the stage timeout.
   */
  public static ModelGateway connect(
      Settings settings,
      List<GatewayRoute> routes,
      ScheduledExecutorService scheduler,
      BreakerListener breakers,
      ExchangeListener listener) {
    ModelClients clients =
        ModelClients.create(
            ClientOptions.DEFAULTS
                .withCallTimeout(settings.stageTimeout())
                .withMaxConnections(Math.max(settings.windowSize(), 16))
                .withIoThreads(settings.ioThreads()));
    return new ModelGateway(
        settings,
        routes,
        t -> clients.forEndpoint(t.endpoint(), t.credentials()),
        scheduler,
        breakers,
        listener,
        clients::close,
        clients.starter());
  }

  /**
   * Where to run {@link #serve}: the threads that start the calls of the provider clients ({@link
   * ModelClients#starter()}); null for a gateway made by {@link #create}.
   */
  public Executor starter() {
    return starter;
  }

  private EndpointCaller caller(
      GatewayRoute.Target t, ModelClient client, Settings s, BreakerListener breakers) {
    Admission admission =
        new Admission(
            new Admission.Limits(
                t.requestsPerMinute(),
                t.tokensPerMinute(),
                t.maxConcurrency() > 0 ? t.maxConcurrency() : s.windowSize(),
                s.batchHeadroomPercent()),
            scheduler,
            System::nanoTime);
    return new EndpointCaller(
        client, s.resilience(), s.stageTimeout(), scheduler, s.clock(), breakers, admission);
  }

  /**
   * Shares every endpoint's breaker, throttles and quota with the other instances through {@code
   * link} ({@link EndpointCaller#link}); call once, before the first request is served.
   */
  public void link(FleetLink link) {
    callers.values().forEach(c -> c.link(link));
  }

  /** The configured route names. */
  public Set<String> routeNames() {
    return routes.keySet();
  }

  /** Endpoints in a route's chain; 0 for a route that is not configured. */
  public int chainLength(String route) {
    List<EndpointCaller> chain = chains.get(route);
    return chain == null ? 0 : chain.size();
  }

  /**
   * Before a request is called: a {@link Decision.Fail} when it may not be (deadline passed, call
   * budget spent), else null.
   */
  public Decision.Fail admit(InferenceRequest request, RequestState state, long nowMs) {
    return plan.admit(Standings.of(request, state, chainLength(request.getRoute()), -1), nowMs);
  }

  /** The plan's decision after an exchange whose calls {@code state} already records. */
  public Decision decide(
      InferenceRequest request, RequestState state, ExchangeResult result, long nowMs) {
    List<EndpointCaller> chain = chains.get(request.getRoute());
    int roomAt =
        chain == null || result.failure() == null || ordered.contains(request.getRoute())
            ? -1
            : ChainChoice.roomAfter(chain, state.getChainIndex(), lane(state));
    return plan.decide(
        Standings.of(request, state, chainLength(request.getRoute()), roomAt),
        result.failure(),
        result.shortenable(),
        nowMs);
  }

  /** What is wrong with a JSON Schema a request carries, or null when it compiles. */
  public String schemaProblem(String schema) {
    try {
      exchanges.tools().validator().checkSchema(schema);
      return null;
    } catch (IllegalArgumentException e) {
      return e.getMessage();
    }
  }

  /**
   * Every distinct endpoint, in configuration order: the same views for the gateway's life (a gauge
   * may hold them).
   */
  public List<EndpointView> endpoints() {
    return List.copyOf(views.values());
  }

  /** The endpoints of a route's chain, primary first; empty for a route that is not configured. */
  public List<EndpointView> chain(String route) {
    return chains.getOrDefault(route, List.of()).stream().map(views::get).toList();
  }

  /**
   * Serves a request standing at {@code chainIndex} of its route (the last one past its end) on the
   * endpoint {@link ChainChoice} picks from there (the result says which, and why when it is
   * another), numbering calls from {@code firstAttempt} and paying for them from what is left of
   * its budget after {@code modelCalls}; shortened first when {@code shorter}. The route must be
   * configured. Completes exceptionally only on a defect.
   */
  public CompletableFuture<ExchangeResult> serve(
      InferenceRequest request,
      int chainIndex,
      int firstAttempt,
      int modelCalls,
      boolean batch,
      boolean shorter) {
    List<EndpointCaller> chain = chains.get(request.getRoute());
    if (chain == null) {
      throw new IllegalArgumentException("unknown route '" + request.getRoute() + "'");
    }
    Admission.Lane lane = batch ? Admission.Lane.BATCH : Admission.Lane.ONLINE;
    ChainChoice.Choice choice =
        ordered.contains(request.getRoute())
            ? ChainChoice.stay(chain, chainIndex)
            : ChainChoice.pick(chain, chainIndex, lane, ThreadLocalRandom.current());
    return exchanges
        .run(
            WireRequests.toModelRequest(request, firstAttempt),
            routes.get(request.getRoute()),
            chain.get(choice.chainIndex()),
            lane,
            plan.budget(firstAttempt, modelCalls),
            shorter)
        .thenApply(r -> r.routedTo(choice.chainIndex(), choice.why()));
  }

  private static Admission.Lane lane(RequestState state) {
    return state.getLane() == Lane.BATCH ? Admission.Lane.BATCH : Admission.Lane.ONLINE;
  }

  @Override
  public void close() {
    if (onClose != null) {
      onClose.run();
    }
  }
}
