package dev.ballast.modelclient.context.internal;

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

  /** Anthropic's {@code prompt is too long: N tokens > M maximum}. */
  private static final Pattern TOKENS_OVER_LIMIT =
      Pattern.compile("(\\d+)\\s*tokens?\\s*>\\s*(\\d+)", Pattern.CASE_INSENSITIVE);

  /** OpenAI's {@code maximum context length is M tokens. However, your messages resulted in N}. */
  private static final Pattern OPENAI_OVER_LIMIT =
      Pattern.compile(
          "maximum context length is (\\d+) tokens.*?resulted in (\\d+) tokens",
          Pattern.CASE_INSENSITIVE | Pattern.DOTALL);

  /** OpenAI's form when input and completion together overflow. */
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
    Matcher anthropic = TOKENS_OVER_LIMIT.matcher(message);
    if (anthropic.find()) {
      boolean window = message.toLowerCase(Locale.ROOT).contains("maximum context length");
      return new OverflowLimits(
          Integer.parseInt(anthropic.group(1)), Integer.parseInt(anthropic.group(2)), window);
    }
    Matcher openAi = OPENAI_OVER_LIMIT.matcher(message);
    return openAi.find()
        ? new OverflowLimits(
            Integer.parseInt(openAi.group(2)), Integer.parseInt(openAi.group(1)), true)
        : null;
  }
}
