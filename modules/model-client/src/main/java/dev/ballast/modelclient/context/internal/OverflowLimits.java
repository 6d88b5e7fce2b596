package dev.ballast.modelclient.context.internal;

import dev.ballast.modelclient.ErrorClassifier;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a context-overflow message says about the input: the tokens the provider counted and the
 * limit it states. Anthropic's {@code prompt is too long: N tokens > M maximum} states the input
 * limit; OpenAI's {@code maximum context length is M tokens} states the whole window, output
 * included.
 *
 * @param inputTokens input tokens the provider counted
 * @param limit the limit the message states
 * @param limitIncludesOutput whether {@code limit} is the whole window (input plus output)
 */
public record OverflowLimits(int inputTokens, int limit, boolean limitIncludesOutput) {

  /** OpenAI's form when input and completion together overflow; ErrorClassifier reads the other. */
  private static final Pattern OPENAI_REQUESTED =
      Pattern.compile(
          "maximum context length is (\\d+) tokens.*?\\((\\d+) in the messages",
          Pattern.CASE_INSENSITIVE | Pattern.DOTALL);

  /** The numbers in an overflow message, or null when it states none. Thread-safe. */
  public static OverflowLimits parse(String message) {
    if (message == null) {
      return null;
    }
    Matcher requested = OPENAI_REQUESTED.matcher(message);
    if (requested.find()) {
      return new OverflowLimits(
          Integer.parseInt(requested.group(2)), Integer.parseInt(requested.group(1)), true);
    }
    int[] counts = ErrorClassifier.overflowTokens(message);
    if (counts == null) {
      return null;
    }
    boolean window = message.toLowerCase(Locale.ROOT).contains("maximum context length");
    return new OverflowLimits(counts[0], counts[1], window);
  }
}
