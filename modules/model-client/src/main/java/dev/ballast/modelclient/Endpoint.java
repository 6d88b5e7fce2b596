package dev.ballast.modelclient;

import java.net.URI;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a model is served: provider, model id (or inference profile id) and region, optionally at a
 * custom URI (a simulator, a VPC endpoint, a gateway). One circuit breaker and one quota exist per
 * endpoint.
 *
 * @param provider who serves it
 * @param model model id or inference profile id, e.g. {@code
 *     anthropic.claude-3-haiku-20240307-v1:0} or {@code
 *     us.anthropic.claude-3-7-sonnet-20250219-v1:0}
 * @param region provider region, e.g. {@code us-east-1}
 * @param uri endpoint override; null for the provider's public endpoint of {@code region}
 */
public record Endpoint(Provider provider, String model, String region, URI uri) {

  public Endpoint {
    Objects.requireNonNull(provider, "provider");
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(region, "region");
    if (model.isBlank()) {
      throw new IllegalArgumentException("model must not be blank");
    }
    if (region.isBlank()) {
      throw new IllegalArgumentException("region must not be blank");
    }
  }

  /**
   * An endpoint of the provider named {@code providerId} ({@code bedrock} or {@code openai}).
   *
   * @throws IllegalArgumentException naming an unknown provider, or a blank model or region
   */
  public static Endpoint of(String providerId, String model, String region, URI uri) {
    return new Endpoint(Provider.parse(providerId), model, region, uri);
  }

  /** The endpoint override, if any. */
  public Optional<URI> override() {
    return Optional.ofNullable(uri);
  }

  /** A stable id, {@code provider/model@region}, used in attempts, metrics and logs. */
  public String id() {
    return provider.id() + "/" + model + "@" + region;
  }

  @Override
  public String toString() {
    return id();
  }
}
