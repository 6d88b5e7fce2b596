package dev.ballast.simulator.internal;

/**
 * A deterministic approximation of a BPE tokenizer, deliberately not identical to any real one: the
 * pipeline calibrates its own estimate against what the simulator reports.
 *
 * <ul>
 *   <li>a run of Latin letters is one token per started 4 characters ({@code "tokenizer"} = 3);
 *   <li>a run of digits is one token per started 3 digits;
 *   <li>letters of other alphabets (Greek, Cyrillic, …) are one token per started 2 characters, and
 *       ideographs, kana and hangul one token each;
 *   <li>every punctuation mark or symbol is a token; a run of line breaks is one token; other
 *       whitespace is free;
 *   <li>a conversation adds {@value #PER_MESSAGE} per message, {@value #SYSTEM} for a system
 *       prompt, {@value #PER_TOOL} per tool definition and {@value #PRIMING} for the reply.
 * </ul>
 *
 * <p>Stateless and thread-safe.
 */
public final class TokenCounter {

  static final int PER_MESSAGE = 4;
  static final int SYSTEM = 3;
  static final int PER_TOOL = 8;
  static final int PRIMING = 3;

  private enum Run {
    NONE,
    LATIN,
    DIGIT,
    OTHER_LETTER,
    NEWLINE
  }

  private TokenCounter() {}

  /** Tokens of a piece of text. */
  public static int count(String text) {
    if (text == null || text.isEmpty()) {
      return 0;
    }
    int tokens = 0;
    Run run = Run.NONE;
    int runLength = 0;
    for (int i = 0; i < text.length(); ) {
      int cp = text.codePointAt(i);
      i += Character.charCount(cp);
      Run kind = kindOf(cp);
      if (kind != run) {
        tokens += tokensOf(run, runLength);
        run = kind;
        runLength = 0;
      }
      if (kind == Run.NONE) {
        tokens += isWhitespace(cp) ? 0 : 1;
      } else {
        runLength++;
      }
    }
    return tokens + tokensOf(run, runLength);
  }

  /** Input tokens of a whole call: messages, system prompt, tools and overheads. */
  static int count(Prompt prompt) {
    int tokens = PRIMING;
    if (!prompt.system().isEmpty()) {
      tokens += SYSTEM;
      for (String s : prompt.system()) {
        tokens += count(s);
      }
    }
    for (Prompt.Message m : prompt.messages()) {
      tokens += PER_MESSAGE;
      for (String part : m.parts()) {
        tokens += count(part);
      }
    }
    for (String tool : prompt.tools()) {
      tokens += PER_TOOL + count(tool);
    }
    return tokens;
  }

  private static Run kindOf(int cp) {
    if (cp < 0x80) { // ASCII: the same kinds, without a Unicode script lookup per letter
      if ((cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z')) {
        return Run.LATIN;
      }
      if (cp >= '0' && cp <= '9') {
        return Run.DIGIT;
      }
      return cp == '\n' || cp == '\r' ? Run.NEWLINE : Run.NONE;
    }
    if (cp == '\n' || cp == '\r') {
      return Run.NEWLINE;
    }
    if (Character.isDigit(cp)) {
      return Run.DIGIT;
    }
    if (Character.isLetter(cp)) {
      Character.UnicodeScript script = Character.UnicodeScript.of(cp);
      if (script == Character.UnicodeScript.LATIN || script == Character.UnicodeScript.COMMON) {
        return Run.LATIN;
      }
      if (Character.isIdeographic(cp)
          || script == Character.UnicodeScript.HIRAGANA
          || script == Character.UnicodeScript.KATAKANA
          || script == Character.UnicodeScript.HANGUL) {
        return Run.NONE;
      }
      return Run.OTHER_LETTER;
    }
    return Run.NONE;
  }

  private static boolean isWhitespace(int cp) {
    return Character.isWhitespace(cp) || Character.isSpaceChar(cp);
  }

  private static int tokensOf(Run run, int length) {
    return switch (run) {
      case NONE -> 0;
      case LATIN -> (length + 3) / 4;
      case DIGIT -> (length + 2) / 3;
      case OTHER_LETTER -> (length + 1) / 2;
      case NEWLINE -> length > 0 ? 1 : 0;
    };
  }
}
