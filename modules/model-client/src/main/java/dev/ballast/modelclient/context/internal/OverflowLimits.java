package dev.ballast.modelclient.context.internal;

import dev.ballast.modelclient.OverflowMessages;
import java.util.Locale;
import java.util.OptionalInt;

/**
 * What a context-overflow message says about the input, as the fitter needs it: the tokens the
 * provider counted and the limit it states. Read by {@link OverflowMessages}, the one parser of
 * overflow wordings. Anthropic's {@code prompt is too long: N tokens > M maximum} and the {@code
 * input token count (N) exceeds the maximum number of tokens allowed (M)} wording state the input
 * limit; wordings that name the context length, limit or window state the whole window, output
 * included.
 *
 * @param inputTokens input tokens the provider counted
 * @param limit the limit the message states
 * @param limitIncludesOutput whether {@code limit} is the whole window (input plus output)
 */
public record OverflowLimits(int inputTokens, int limit, boolean limitIncludesOutput) {

  /** The numbers in an overflow message, or null when it states no input and limit. Thread-safe. */
  public static OverflowLimits parse(String message) {
    OverflowMessages.Overflow o = OverflowMessages.overflow(message).orElse(null);
    if (o == null || o.limit().isEmpty()) {
      return null;
    }
    OptionalInt input = o.inputTokens();
    if (input.isEmpty() && o.totalTokens().isPresent() && o.outputTokens().isPresent()) {
      input = OptionalInt.of(o.totalTokens().getAsInt() - o.outputTokens().getAsInt());
    }
    if (input.isEmpty()) {
      return null;
    }
    String m = message.toLowerCase(Locale.ROOT);
    boolean window =
        m.contains("context length") || m.contains("context limit") || m.contains("context window");
    return new OverflowLimits(input.getAsInt(), o.limit().getAsInt(), window);
  }
}
