package dev.ballast.pipeline;

import dev.ballast.modelclient.ChainRouting;
import dev.ballast.modelclient.LaneTiers;
import dev.ballast.modelclient.StructuredOutput;
import dev.ballast.modelclient.context.ContextPolicy;
import java.util.List;
import java.util.Objects;

/**
 * A route: the logical model name clients send, resolved to an ordered chain of endpoints, with how
 * over-long input and invalid structured answers are handled. The first endpoint is the primary;
 * the others are tried in order when it cannot serve.
 *
 * @param name the route name clients use
 * @param endpoints the chain, primary first; never empty
 * @param context what to do with input that does not fit the model's context window
 * @param summarizer the route whose model summarizes older history, when {@code context} is {@link
 *     ContextPolicy#SUMMARIZE}; else null
 * @param maxReasks re-asks after an answer that does not match the request's JSON Schema
 * @param tiers the service tier each lane asks for ({@code service.tier.online}, {@code
 *     service.tier.batch}); {@link LaneTiers#NONE} names none
 * @param structuredOutput how the chain's Bedrock models are asked for a request's JSON Schema
 *     ({@code output.structured}: {@code tool}, the default, or {@code native})
 * @param routing how the chain is walked when an endpoint throttles ({@code routing}: {@code
 *     capacity}, the default, or {@code ordered})
 */
public record RouteConfig(
    String name,
    List<EndpointConfig> endpoints,
    ContextPolicy context,
    String summarizer,
    int maxReasks,
    LaneTiers tiers,
    StructuredOutput structuredOutput,
    ChainRouting routing) {

  /** Re-asks when none are configured. */
  public static final int DEFAULT_REASKS = 2;

  public RouteConfig {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(context, "context");
    Objects.requireNonNull(tiers, "tiers");
    Objects.requireNonNull(structuredOutput, "structuredOutput");
    Objects.requireNonNull(routing, "routing");
    endpoints = List.copyOf(endpoints);
    if (endpoints.isEmpty()) {
      throw new IllegalArgumentException("route '" + name + "' needs at least one endpoint");
    }
    if (context == ContextPolicy.SUMMARIZE && (summarizer == null || summarizer.isBlank())) {
      throw new IllegalArgumentException(
          "route '" + name + "' summarizes older history but names no summarizer route");
    }
    if (name.equals(summarizer)) {
      throw new IllegalArgumentException("route '" + name + "' cannot be its own summarizer");
    }
    if (maxReasks < 0) {
      throw new IllegalArgumentException(
          "route '" + name + "': re-asks must be >= 0, was " + maxReasks);
    }
  }

  /** A route naming no service tier. */
  public RouteConfig(
      String name,
      List<EndpointConfig> endpoints,
      ContextPolicy context,
      String summarizer,
      int maxReasks) {
    this(
        name,
        endpoints,
        context,
        summarizer,
        maxReasks,
        LaneTiers.NONE,
        StructuredOutput.TOOL,
        ChainRouting.CAPACITY);
  }

  /**
   * A route over {@code endpoints} with default handling: middle truncation, two re-asks, no
   * service tier named.
   */
  public RouteConfig(String name, List<EndpointConfig> endpoints) {
    this(name, endpoints, ContextPolicy.TRUNCATE_MIDDLE, null, DEFAULT_REASKS);
  }

  /** A route with default handling. */
  public static RouteConfig of(String name, EndpointConfig... chain) {
    return new RouteConfig(name, List.of(chain));
  }

  /** The same route summarizing older history with {@code summarizerRoute}. */
  public RouteConfig summarizingWith(String summarizerRoute) {
    return new RouteConfig(
        name,
        endpoints,
        ContextPolicy.SUMMARIZE,
        summarizerRoute,
        maxReasks,
        tiers,
        structuredOutput,
        routing);
  }

  /** The same route with another context policy. */
  public RouteConfig withContext(ContextPolicy policy) {
    return new RouteConfig(
        name, endpoints, policy, summarizer, maxReasks, tiers, structuredOutput, routing);
  }

  /** The same route with another number of re-asks. */
  public RouteConfig withMaxReasks(int n) {
    return new RouteConfig(
        name, endpoints, context, summarizer, n, tiers, structuredOutput, routing);
  }

  /** The same route asking for other service tiers. */
  public RouteConfig withTiers(LaneTiers laneTiers) {
    return new RouteConfig(
        name, endpoints, context, summarizer, maxReasks, laneTiers, structuredOutput, routing);
  }

  /** The same route asking Bedrock models for a JSON Schema the way {@code mode} says. */
  public RouteConfig withStructuredOutput(StructuredOutput mode) {
    return new RouteConfig(name, endpoints, context, summarizer, maxReasks, tiers, mode, routing);
  }

  /** The same route walking its chain the way {@code mode} says. */
  public RouteConfig withRouting(ChainRouting mode) {
    return new RouteConfig(
        name, endpoints, context, summarizer, maxReasks, tiers, structuredOutput, mode);
  }

  /** The primary endpoint. */
  public EndpointConfig primary() {
    return endpoints.get(0);
  }
}
