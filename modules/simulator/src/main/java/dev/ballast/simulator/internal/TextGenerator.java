package dev.ballast.simulator.internal;

import java.util.random.RandomGenerator;

/**
 * Generates deterministic filler answers of an exact token length (as {@link TokenCounter} counts
 * them): sentences of short words, each word one token, each full stop one token. Stateless and
 * thread-safe.
 */
final class TextGenerator {

  /** Words of at most four letters: one token each. */
  static final String[] WORDS = {
    "the", "data", "flow", "will", "each", "road", "rain", "calm", "time", "work", "plan", "team",
    "load", "path", "node", "fast", "slow", "safe", "risk", "cost", "gain", "test", "case", "rule",
    "step", "goal", "idea", "note", "list", "unit", "part", "core", "edge", "zone", "page", "line",
    "form", "kind", "size", "rate", "peak", "base", "deep", "wide", "open", "true", "real", "good",
    "new", "old", "key", "map", "set", "run", "end", "use", "may", "can", "our", "all", "any",
    "few", "is", "to", "of", "in", "on", "at", "by", "as", "we", "it", "so", "up", "if", "or",
    "and", "for"
  };

  private TextGenerator() {}

  /** Text of exactly {@code tokens} tokens (0 gives the empty string). */
  static String generate(RandomGenerator random, int tokens) {
    StringBuilder b = new StringBuilder(tokens * 5);
    int left = tokens;
    while (left > 0) {
      int sentence = Math.min(left, 6 + random.nextInt(10));
      int words = sentence > 1 ? sentence - 1 : 1;
      for (int w = 0; w < words; w++) {
        String word = WORDS[random.nextInt(WORDS.length)];
        if (w == 0) {
          if (b.length() > 0) {
            b.append(' ');
          }
          b.append(Character.toUpperCase(word.charAt(0))).append(word, 1, word.length());
        } else {
          b.append(' ').append(word);
        }
      }
      if (sentence > 1) {
        b.append('.');
      }
      left -= sentence;
    }
    return b.toString();
  }

  /** About {@code length} characters of words, for generated string values. */
  static String words(RandomGenerator random, int length) {
    StringBuilder b = new StringBuilder(length + 5);
    while (b.length() < length) {
      if (b.length() > 0) {
        b.append(' ');
      }
      b.append(WORDS[random.nextInt(WORDS.length)]);
    }
    return b.toString();
  }
}
