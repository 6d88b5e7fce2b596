package dev.ballast.modelclient.context.internal;

import java.util.Locale;
import java.util.function.ToIntFunction;

/**
 * Cuts the middle out of a text so that it fits a token count, leaving its head and tail and a
 * marker saying how much was omitted. Cuts fall on whitespace near the cut point when there is
 * some, and never split a surrogate pair.
 *
 * <p>This class is thread-safe (stateless).
 */
public final class MiddleTruncator {

  /** How far a cut may move to reach whitespace, in characters. */
  private static final int WHITESPACE_REACH = 64;

  private static final int MAX_ROUNDS = 8;

  private MiddleTruncator() {}

  /** The marker put where text was cut out. */
  public static String marker(int omittedTokens) {
    return "\n[… " + String.format(Locale.ROOT, "%,d", omittedTokens) + " tokens omitted …]\n";
  }

  /**
   * The text cut to at most {@code targetTokens}, or null when that would keep fewer than {@code
   * minKeepTokens} of its own tokens.
   *
   * @param text the text
   * @param textTokens its tokens, as {@code counter} counts them
   * @param targetTokens the most tokens the result may have, marker included
   * @param minKeepTokens the fewest tokens of the text worth keeping
   * @param counter counts tokens
   */
  public static String truncate(
      String text,
      int textTokens,
      int targetTokens,
      int minKeepTokens,
      ToIntFunction<String> counter) {
    if (textTokens <= targetTokens) {
      return text;
    }
    int markerTokens = counter.applyAsInt(marker(textTokens));
    int keepTokens = targetTokens - markerTokens;
    if (keepTokens < minKeepTokens || textTokens <= 0) {
      return null;
    }
    double charsPerToken = (double) text.length() / textTokens;
    int keepChars = (int) Math.min(text.length() - 1L, (long) (keepTokens * charsPerToken));
    for (int round = 0; round < MAX_ROUNDS && keepChars > 0; round++) {
      int headEnd = cutBefore(text, keepChars - keepChars / 2);
      int tailStart = Math.max(headEnd, cutAfter(text, text.length() - keepChars / 2));
      String head = text.substring(0, headEnd);
      String tail = text.substring(tailStart);
      int kept = counter.applyAsInt(head) + counter.applyAsInt(tail);
      String result = head + marker(Math.max(1, textTokens - kept)) + tail;
      int tokens = counter.applyAsInt(result);
      if (tokens <= targetTokens) {
        return kept >= minKeepTokens ? result : null;
      }
      // Too long (tokens merge differently at the cuts, or the text is uneven): scale down.
      double scale = (double) keepTokens / Math.max(1, tokens - markerTokens);
      keepChars = (int) Math.min(keepChars - 1L, (long) (keepChars * scale * 0.95));
    }
    return null;
  }

  /** Where a head of about {@code end} characters should end. */
  private static int cutBefore(String text, int end) {
    int cut = Math.max(0, Math.min(end, text.length()));
    for (int i = cut; i > 0 && i > cut - WHITESPACE_REACH; i--) {
      if (Character.isWhitespace(text.charAt(i - 1))) {
        return i - 1;
      }
    }
    if (cut > 0
        && cut < text.length()
        && Character.isLowSurrogate(text.charAt(cut))
        && Character.isHighSurrogate(text.charAt(cut - 1))) {
      cut--;
    }
    return cut;
  }

  /** Where a tail of about {@code length - start} characters should start. */
  private static int cutAfter(String text, int start) {
    int cut = Math.max(0, Math.min(start, text.length()));
    for (int i = cut; i < text.length() && i < cut + WHITESPACE_REACH; i++) {
      if (Character.isWhitespace(text.charAt(i))) {
        return i + 1;
      }
    }
    if (cut > 0
        && cut < text.length()
        && Character.isLowSurrogate(text.charAt(cut))
        && Character.isHighSurrogate(text.charAt(cut - 1))) {
      cut++;
    }
    return cut;
  }
}
