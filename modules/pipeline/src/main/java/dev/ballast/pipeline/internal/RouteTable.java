package dev.ballast.pipeline.internal;

import dev.ballast.modelclient.Admission;
import dev.ballast.modelclient.BreakerListener;
import dev.ballast.modelclient.EndpointCaller;
import dev.ballast.modelclient.ModelClient;
import dev.ballast.modelclient.ResiliencePolicy;
import dev.ballast.modelclient.exchange.ExchangeRoute;
import dev.ballast.pipeline.EndpointConfig;
import dev.ballast.pipeline.RouteConfig;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Function;

/**
 * The configured routes resolved to callers: one {@link EndpointCaller} (with its circuit breaker
 * and admission) per distinct endpoint, shared by every route that names it and every stream
 * thread, so its breaker and budgets see all of the endpoint's traffic.
 *
 * <p>Immutable after construction and thread-safe.
 */
public final class RouteTable {

  /** How a route's callers are built. */
  public record Settings(
      ResiliencePolicy resilience,
      Duration stageTimeout,
      int windowSize,
      int batchHeadroomPercent,
      ScheduledExecutorService scheduler,
      Clock clock,
      BreakerListener listener) {}

  private final Map<String, RouteConfig> routes;
  private final Map<String, EndpointCaller> callers = new LinkedHashMap<>();
  private final Map<String, ExchangeRoute> exchangeRoutes = new LinkedHashMap<>();

  public RouteTable(
      Map<String, RouteConfig> routes,
      Function<EndpointConfig, ModelClient> clients,
      Settings settings) {
    this.routes = Map.copyOf(routes);
    for (RouteConfig route : routes.values()) {
      for (EndpointConfig e : route.endpoints()) {
        callers.computeIfAbsent(key(e), k -> caller(e, clients.apply(e), settings));
      }
    }
    for (RouteConfig route : routes.values()) {
      EndpointCaller summarizer =
          route.summarizer() == null ? null : callerAt(route.summarizer(), 0);
      exchangeRoutes.put(
          route.name(), new ExchangeRoute(route.context(), route.maxReasks(), summarizer));
    }
  }

  private static EndpointCaller caller(EndpointConfig e, ModelClient client, Settings settings) {
    Admission admission =
        new Admission(
            new Admission.Limits(
                e.requestsPerMinute(),
                e.tokensPerMinute(),
                e.maxConcurrency() > 0 ? e.maxConcurrency() : settings.windowSize(),
                settings.batchHeadroomPercent()),
            settings.scheduler(),
            System::nanoTime);
    return new EndpointCaller(
        client,
        settings.resilience(),
        settings.stageTimeout(),
        settings.scheduler(),
        settings.clock(),
        settings.listener(),
        admission);
  }

  /** The configured route names. */
  public Set<String> names() {
    return Collections.unmodifiableSet(routes.keySet());
  }

  /** Whether {@code route} is configured. */
  public boolean has(String route) {
    return route != null && routes.containsKey(route);
  }

  /**
   * The chain of endpoints of a route, primary first.
   *
   * @throws IllegalArgumentException for a route that is not configured
   */
  public List<EndpointConfig> chain(String route) {
    RouteConfig r = routes.get(route);
    if (r == null) {
      throw new IllegalArgumentException("unknown route '" + route + "'");
    }
    return r.endpoints();
  }

  /** The endpoint at {@code index} of a route's chain (the last one past its end). */
  public EndpointConfig at(String route, int index) {
    List<EndpointConfig> chain = chain(route);
    return chain.get(Math.min(Math.max(0, index), chain.size() - 1));
  }

  /** The caller of the endpoint at {@code index} of a route's chain. */
  public EndpointCaller callerAt(String route, int index) {
    return caller(at(route, index));
  }

  /** The caller of an endpoint of some route. */
  public EndpointCaller caller(EndpointConfig endpoint) {
    return callers.get(key(endpoint));
  }

  /** What an exchange needs of a route. */
  public ExchangeRoute exchangeRoute(String route) {
    chain(route);
    return exchangeRoutes.get(route);
  }

  /** Every distinct endpoint's caller, in configuration order. */
  public Collection<EndpointCaller> callers() {
    return Collections.unmodifiableCollection(callers.values());
  }

  private static String key(EndpointConfig e) {
    return e.endpoint().id() + "|" + e.endpoint().override().map(Object::toString).orElse("");
  }
}
