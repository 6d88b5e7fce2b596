package dev.ballast.simulator.internal;

import dev.ballast.simulator.ErrorType;
import dev.ballast.simulator.ModelConfig;
import dev.ballast.simulator.RegionConfig;
import java.util.Map;

/**
 * Checks a call against what its model and region accept, before any answer is generated: native
 * structured output where the model does not offer it, Bedrock's conversation-shape check where the
 * scenario enables it, and a maxTokens above the model's output limit. Stateless and thread-safe.
 */
final class RequestChecks {

  /** The simulator's wording for a native output format the model does not offer. */
  static final String NO_NATIVE_OUTPUT =
      "This model doesn't support the outputConfig.textFormat field. Remove outputConfig from"
          + " the request, or use a model that supports structured outputs, and try again.";

  private RequestChecks() {}

  /** The failure for a call its model or region refuses, or null. */
  static Outcome.Failure check(Call call, ModelConfig model, RegionConfig region) {
    if (call.structured() != null
        && call.structured().nativeFormat()
        && !model.nativeStructuredOutput()) {
      return Outcome.Failure.of(ErrorType.VALIDATION, NO_NATIVE_OUTPUT);
    }
    if (call.conversationProblem() != null
        && (model.conversationChecks()
            || (!region.conversationChecks().isEmpty()
                && ModelPatterns.matchesAny(region.conversationChecks(), call.modelId())))) {
      return Outcome.Failure.of(ErrorType.VALIDATION, call.conversationProblem());
    }
    if (call.maxTokens() != null && call.maxTokens() > model.maxOutputTokens()) {
      return new Outcome.Failure(
          ErrorType.VALIDATION,
          "The maximum tokens you requested exceeds the model limit of "
              + model.maxOutputTokens()
              + ". Try again with a maximum tokens value that is lower than "
              + model.maxOutputTokens()
              + ".",
          Map.of(),
          0,
          null,
          new Outcome.OutputLimit(call.maxTokens(), model.maxOutputTokens()));
    }
    return null;
  }
}
