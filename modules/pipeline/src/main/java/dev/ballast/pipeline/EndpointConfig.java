package dev.ballast.pipeline;

import dev.ballast.modelclient.Credentials;
import dev.ballast.modelclient.Endpoint;
import java.util.Objects;

/**
 * One member of a route's chain: where to call and how to authenticate.
 *
 * @param endpoint provider, model or inference profile, region and optional URL
 * @param credentials how to authenticate
 */
public record EndpointConfig(Endpoint endpoint, Credentials credentials) {

  public EndpointConfig {
    Objects.requireNonNull(endpoint, "endpoint");
    Objects.requireNonNull(credentials, "credentials");
  }

  @Override
  public String toString() {
    return endpoint.id() + endpoint.override().map(u -> " at " + u).orElse("");
  }
}
