package dev.ballast.pipeline;

import dev.ballast.modelclient.Credentials;
import dev.ballast.modelclient.Endpoint;
import java.util.Objects;

/**
 * One member of a route's chain: where to call, how to authenticate, and the budgets Ballast keeps
 * to (set them to the provider's quota, so calls wait here instead of being throttled there).
 *
 * @param endpoint provider, model or inference profile, region and optional URL
 * @param credentials how to authenticate
 * @param requestsPerMinute calls per sliding minute; 0 for no limit
 * @param tokensPerMinute input plus output tokens per sliding minute; 0 for no limit
 * @param maxConcurrency calls in flight at most; 0 for the instance's window
 */
public record EndpointConfig(
    Endpoint endpoint,
    Credentials credentials,
    int requestsPerMinute,
    long tokensPerMinute,
    int maxConcurrency) {

  public EndpointConfig {
    Objects.requireNonNull(endpoint, "endpoint");
    Objects.requireNonNull(credentials, "credentials");
    if (requestsPerMinute < 0 || tokensPerMinute < 0 || maxConcurrency < 0) {
      throw new IllegalArgumentException(
          endpoint.id() + ": budgets must be >= 0 (0 means no limit)");
    }
  }

  /** An endpoint without budgets of its own. */
  public EndpointConfig(Endpoint endpoint, Credentials credentials) {
    this(endpoint, credentials, 0, 0, 0);
  }

  /** The same endpoint with budgets. */
  public EndpointConfig withBudgets(int rpm, long tpm, int concurrency) {
    return new EndpointConfig(endpoint, credentials, rpm, tpm, concurrency);
  }

  @Override
  public String toString() {
    return endpoint.id()
        + endpoint.override().map(u -> " at " + u).orElse("")
        + (requestsPerMinute > 0 ? ", " + requestsPerMinute + " rpm" : "")
        + (tokensPerMinute > 0 ? ", " + tokensPerMinute + " tpm" : "");
  }
}
