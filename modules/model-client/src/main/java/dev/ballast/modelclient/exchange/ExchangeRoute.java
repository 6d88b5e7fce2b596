package dev.ballast.modelclient.exchange;

import dev.ballast.modelclient.EndpointCaller;
import dev.ballast.modelclient.LaneTiers;
import dev.ballast.modelclient.StructuredOutput;
import dev.ballast.modelclient.context.ContextPolicy;
import java.util.Objects;

/**
 * What an exchange needs to know of a request's route.
 *
 * @param context what to do with input that does not fit the model's window
 * @param maxReasks re-asks after an answer that does not match the request's JSON Schema
 * @param summarizer the endpoint that summarizes older history when {@code context} is {@link
 *     ContextPolicy#SUMMARIZE}; null otherwise
 * @param tiers the service tier each lane's calls ask for (summaries name none)
 * @param structuredOutput how a Bedrock model is asked for a request's JSON Schema
 */
public record ExchangeRoute(
    ContextPolicy context,
    int maxReasks,
    EndpointCaller summarizer,
    LaneTiers tiers,
    StructuredOutput structuredOutput) {

  public ExchangeRoute {
    Objects.requireNonNull(context, "context");
    Objects.requireNonNull(tiers, "tiers");
    Objects.requireNonNull(structuredOutput, "structuredOutput");
    if (maxReasks < 0) {
      throw new IllegalArgumentException("maxReasks must be >= 0, was " + maxReasks);
    }
    if (context == ContextPolicy.SUMMARIZE && summarizer == null) {
      throw new IllegalArgumentException("a summarizing route needs a summarizer endpoint");
    }
  }

  /** A route that asks for a JSON Schema with a forced tool. */
  public ExchangeRoute(
      ContextPolicy context, int maxReasks, EndpointCaller summarizer, LaneTiers tiers) {
    this(context, maxReasks, summarizer, tiers, StructuredOutput.TOOL);
  }
}
