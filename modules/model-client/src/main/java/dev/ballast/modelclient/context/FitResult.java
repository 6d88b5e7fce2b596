package dev.ballast.modelclient.context;

import dev.ballast.modelclient.ModelRequest;
import java.util.Objects;

/**
 * What {@link ContextFitter} made of a request. Token counts are calibrated estimates of what the
 * provider will count.
 *
 * @param request the request to send: the original when nothing changed or when it does not fit,
 *     else a smaller copy; never null
 * @param fits whether {@code request} fits the budget
 * @param changed whether {@code request} differs from the original
 * @param tokensBefore estimated input tokens of the original request
 * @param tokensAfter estimated input tokens of {@code request}
 * @param budget input tokens allowed: context window less output tokens less the safety margin (or
 *     the shrink target less the margin)
 * @param turnsDropped turns removed
 * @param turnsTruncated turns whose text was cut in the middle
 * @param rawTokens the tokenizer's estimate of {@code request}'s input before calibration, so a
 *     caller scores and learns from it without a second pass
 * @param message what happened, in words for results and logs; never contains prompt text
 */
public record FitResult(
    ModelRequest request,
    boolean fits,
    boolean changed,
    int tokensBefore,
    int tokensAfter,
    int budget,
    int turnsDropped,
    int turnsTruncated,
    String message,
    int rawTokens) {

  public FitResult {
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(message, "message");
  }

  @Override
  public String toString() {
    return "FitResult[" + message + "]";
  }
}
