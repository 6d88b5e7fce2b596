package dev.ballast.modelclient.context;

import dev.ballast.modelclient.ModelRequest;
import java.util.Objects;

/**
 * Which older turns of a request to replace by a summary, and how to ask for it.
 *
 * @param summarizedTurns how many turns, from the start of the conversation, the summary replaces
 * @param summarizedTokens their estimated tokens (raw estimator units)
 * @param contentHash SHA-256 (lowercase hex) of the summarized turns' roles and texts: the same
 *     turns give the same hash in every process, so a summary can be cached by it (together with
 *     the summarizer model)
 * @param summaryRequest the request to send to the summarizer model
 */
public record SummaryPlan(
    int summarizedTurns, int summarizedTokens, String contentHash, ModelRequest summaryRequest) {

  public SummaryPlan {
    if (summarizedTurns < 1) {
      throw new IllegalArgumentException("summarizedTurns must be >= 1, was " + summarizedTurns);
    }
    Objects.requireNonNull(contentHash, "contentHash");
    Objects.requireNonNull(summaryRequest, "summaryRequest");
  }

  @Override
  public String toString() {
    return "SummaryPlan["
        + summarizedTurns
        + " turns, "
        + summarizedTokens
        + " tokens, "
        + contentHash
        + "]";
  }
}
