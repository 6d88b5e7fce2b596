package dev.ballast.modelclient.gateway;

import dev.ballast.modelclient.ChainRouting;
import dev.ballast.modelclient.Credentials;
import dev.ballast.modelclient.Endpoint;
import dev.ballast.modelclient.LaneTiers;
import dev.ballast.modelclient.StructuredOutput;
import dev.ballast.modelclient.context.ContextPolicy;
import java.util.List;
import java.util.Objects;

/**
 * A route as the gateway serves it: the chain of endpoints, primary first, and how over-long input
 * and invalid structured answers are handled.
 *
 * @param name the route name clients send
 * @param chain the endpoints, primary first; never empty
 * @param context what to do with input that does not fit the model's window
 * @param summarizer the route whose primary summarizes older history, or null
 * @param maxReasks re-asks after an answer that does not match the request's JSON Schema
 * @param tiers the service tier each lane asks for on every endpoint of the chain
 * @param structuredOutput how the chain's Bedrock models are asked for a request's JSON Schema
 * @param routing how the chain is walked when an endpoint throttles or is in trouble
 */
public record GatewayRoute(
    String name,
    List<Target> chain,
    ContextPolicy context,
    String summarizer,
    int maxReasks,
    LaneTiers tiers,
    StructuredOutput structuredOutput,
    ChainRouting routing) {

  public GatewayRoute {
    Objects.requireNonNull(routing, "routing");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(tiers, "tiers");
    Objects.requireNonNull(structuredOutput, "structuredOutput");
    chain = List.copyOf(chain);
    if (chain.isEmpty()) {
      throw new IllegalArgumentException("route '" + name + "' needs at least one endpoint");
    }
  }

  /**
   * One endpoint of a chain with the budgets Ballast keeps to.
   *
   * @param endpoint provider, model or inference profile, region and optional URL
   * @param credentials how to authenticate
   * @param requestsPerMinute calls per sliding minute; 0 for no limit
   * @param tokensPerMinute input plus output tokens per sliding minute; 0 for no limit
   * @param maxConcurrency calls in flight at most; 0 for the instance's window
   */
  public record Target(
      Endpoint endpoint,
      Credentials credentials,
      int requestsPerMinute,
      long tokensPerMinute,
      int maxConcurrency) {

    public Target {
      Objects.requireNonNull(endpoint, "endpoint");
      Objects.requireNonNull(credentials, "credentials");
    }

    /** The key of a distinct endpoint: its id and URL override. */
    String key() {
      return endpoint.id() + "|" + endpoint.override().map(Object::toString).orElse("");
    }
  }
}
