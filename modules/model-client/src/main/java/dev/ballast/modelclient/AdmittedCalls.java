package dev.ballast.modelclient;

import dev.ballast.schemas.ReasonCode;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Runs a model call through an endpoint's {@link Admission}: waits for a ticket, and gives it back
 * with how the call ended (a throttle, the account out of quota, or else) and the tokens the
 * provider reported, also when a timeout abandons the call while it waits. Stateless.
 */
final class AdmittedCalls {

  private AdmittedCalls() {}

  /**
   * Runs {@code call} once {@code admission} (null: at once) grants a ticket of {@code lane} with
   * {@code tokens} charged.
   */
  static CompletableFuture<ModelResponse> run(
      Admission admission,
      Admission.Lane lane,
      long tokens,
      Supplier<CompletableFuture<ModelResponse>> call) {
    if (admission == null) {
      return call.get();
    }
    CompletableFuture<Admission.Ticket> ticket = admission.acquire(lane, tokens);
    CompletableFuture<ModelResponse> result =
        ticket.thenCompose(
            t ->
                call.get()
                    .whenComplete(
                        (response, error) ->
                            t.release(
                                outcome(error),
                                response == null
                                    ? 0
                                    : (long) response.inputTokens() + response.outputTokens())));
    // A timeout that abandons the call while it waits must not leave its ticket waiting.
    result.whenComplete(
        (r, e) -> {
          if (result.isCancelled()) {
            ticket.cancel(false);
          }
        });
    return result;
  }

  /** How a call that ended in {@code error} (null: answered) counts for admission. */
  static Admission.Outcome outcome(Throwable error) {
    if (error == null) {
      return Admission.Outcome.SUCCESS;
    }
    Failure f = ErrorClassifier.classify(error);
    if (f.reasonCode() == ReasonCode.QUOTA_EXCEEDED) {
      return Admission.Outcome.QUOTA;
    }
    return f.failureClass() == FailureClass.THROTTLED
        ? Admission.Outcome.THROTTLED
        : Admission.Outcome.OTHER;
  }
}
