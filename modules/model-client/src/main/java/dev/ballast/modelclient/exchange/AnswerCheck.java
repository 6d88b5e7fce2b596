package dev.ballast.modelclient.exchange;

import dev.ballast.modelclient.CallOutcome;
import dev.ballast.modelclient.Failure;
import dev.ballast.modelclient.FailureClass;
import dev.ballast.modelclient.ModelResponse;
import dev.ballast.modelclient.structured.JsonExtractor;
import dev.ballast.modelclient.structured.OutputCheck;
import dev.ballast.modelclient.structured.SchemaValidator;
import dev.ballast.schemas.Degradation;
import dev.ballast.schemas.ReasonCode;

/**
 * Checks a structured answer against the request's JSON Schema: a valid one is kept (with the JSON
 * extracted from prose or code fences when needed), an invalid one is recorded as a rejected answer
 * whose message lists the validator's errors. Thread-safe (stateless).
 */
final class AnswerCheck {

  /** Validator errors repeated in a failure message. */
  private static final int ERRORS_IN_MESSAGE = 5;

  private AnswerCheck() {}

  /**
   * Checks the last call of {@code p}, which answered; replaces it by the checked outcome.
   *
   * @return the invalid answer's check to re-ask with, or null when the answer is valid or the
   *     schema itself is unusable (then the outcome is a failure)
   */
  static OutputCheck.Invalid check(String schema, SchemaValidator validator, Progress p) {
    int last = p.calls.size() - 1;
    CallOutcome answered = p.calls.get(last);
    ModelResponse response = answered.response();
    OutputCheck check;
    try {
      check = OutputCheck.check(response, schema, validator);
    } catch (IllegalArgumentException badSchema) {
      p.calls.set(last, CallOutcome.rejected(answered, invalidOutput(badSchema.getMessage())));
      return null;
    }
    if (check instanceof OutputCheck.Valid valid) {
      if (valid.extracted() && !isWholeJson(response.text())) {
        p.degradations.add(Degradation.JSON_EXTRACTED);
      }
      p.calls.set(
          last,
          new CallOutcome(
              answered.endpoint(),
              answered.attempt(),
              answered.startedAtMs(),
              answered.latencyMs(),
              new ModelResponse(
                  response.endpoint(),
                  response.json() == null ? "" : response.text(),
                  valid.json(),
                  response.stopReason(),
                  response.inputTokens(),
                  response.outputTokens(),
                  response.latency(),
                  response.providerRequestId(),
                  response.serviceTier()),
              null));
      return null;
    }
    OutputCheck.Invalid invalid = (OutputCheck.Invalid) check;
    p.calls.set(last, CallOutcome.rejected(answered, invalidOutput(message(invalid, p.reasks))));
    return invalid;
  }

  private static String message(OutputCheck.Invalid invalid, int reasks) {
    int shown = Math.min(ERRORS_IN_MESSAGE, invalid.errors().size());
    return "the answer did not match the response schema ("
        + (reasks + 1)
        + " answer"
        + (reasks == 0 ? "" : "s")
        + "): "
        + String.join("; ", invalid.errors().subList(0, shown))
        + (invalid.errors().size() > shown
            ? "; and " + (invalid.errors().size() - shown) + " more"
            : "");
  }

  private static Failure invalidOutput(String message) {
    return new Failure(
        FailureClass.MALFORMED_OUTPUT,
        ReasonCode.INVALID_OUTPUT,
        message,
        "InvalidOutput",
        0,
        null);
  }

  private static boolean isWholeJson(String text) {
    return JsonExtractor.extract(text)
        .map(e -> e.source() == JsonExtractor.Source.WHOLE)
        .orElse(false);
  }
}
