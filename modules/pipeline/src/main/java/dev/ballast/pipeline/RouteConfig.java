package dev.ballast.pipeline;

import java.util.List;
import java.util.Objects;

/**
 * A route: the logical model name clients send, resolved to an ordered chain of endpoints. The
 * first endpoint is the primary; the others are tried in order when it cannot serve.
 *
 * @param name the route name clients use
 * @param endpoints the chain, primary first; never empty
 */
public record RouteConfig(String name, List<EndpointConfig> endpoints) {

  public RouteConfig {
    Objects.requireNonNull(name, "name");
    endpoints = List.copyOf(endpoints);
    if (endpoints.isEmpty()) {
      throw new IllegalArgumentException("route '" + name + "' needs at least one endpoint");
    }
  }

  /** A route with one endpoint. */
  public static RouteConfig of(String name, EndpointConfig... chain) {
    return new RouteConfig(name, List.of(chain));
  }

  /** The primary endpoint. */
  public EndpointConfig primary() {
    return endpoints.get(0);
  }
}
