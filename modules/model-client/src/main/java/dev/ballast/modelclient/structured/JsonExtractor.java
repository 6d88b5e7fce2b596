package dev.ballast.modelclient.structured;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the JSON answer in a model's text: the whole text; else a fenced code block ({@code
 * ```json} or a bare {@code ```}); else the first balanced top-level {@code {…}} or {@code […]} in
 * prose (brackets inside JSON strings and escapes are respected). Only text that parses as JSON
 * counts, so truncated JSON is never returned, nor anything inside it.
 *
 * <p>Cost: linear in the text in the usual case; the prose scan tries at most {@value #MAX_STARTS}
 * opening brackets.
 *
 * <p>This class is thread-safe (stateless).
 */
public final class JsonExtractor {

  /** How the JSON was found. */
  public enum Source {
    /** The whole text (trimmed) is JSON. */
    WHOLE,
    /** The content of a fenced code block. */
    FENCED,
    /** A balanced {@code {…}} or {@code […]} within prose. */
    EMBEDDED
  }

  /**
   * JSON found in a text.
   *
   * @param json the JSON text, trimmed
   * @param source how it was found
   */
  public record Extracted(String json, Source source) {
    public Extracted {
      Objects.requireNonNull(json, "json");
      Objects.requireNonNull(source, "source");
    }
  }

  static final int MAX_STARTS = 64;

  private static final ObjectMapper MAPPER =
      new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  /** A fence, an optional language tag, the content up to the closing fence. */
  private static final Pattern FENCE =
      Pattern.compile("```[ \\t]*([A-Za-z0-9_+.-]*)[ \\t]*\\r?\\n(.*?)```", Pattern.DOTALL);

  private JsonExtractor() {}

  /** The most likely JSON answer in the text, or empty when it holds no complete JSON. */
  public static Optional<Extracted> extract(String text) {
    List<Extracted> all = candidates(text);
    return all.isEmpty() ? Optional.empty() : Optional.of(all.get(0));
  }

  /**
   * Every JSON value the text holds, most likely first: the whole text alone when it is JSON; else
   * the fenced blocks in order, then the embedded values in order.
   */
  public static List<Extracted> candidates(String text) {
    if (text == null) {
      return List.of();
    }
    String trimmed = text.strip();
    if (trimmed.isEmpty()) {
      return List.of();
    }
    if (parses(trimmed)) {
      return List.of(new Extracted(trimmed, Source.WHOLE));
    }
    List<Extracted> found = new ArrayList<>();
    Matcher fence = FENCE.matcher(text);
    while (fence.find()) {
      String language = fence.group(1).toLowerCase(Locale.ROOT);
      String content = fence.group(2).strip();
      if ((language.isEmpty() || language.startsWith("json")) && parses(content)) {
        found.add(new Extracted(content, Source.FENCED));
      }
    }
    for (String embedded : embedded(text)) {
      if (found.stream().noneMatch(e -> e.json().equals(embedded))) {
        found.add(new Extracted(embedded, Source.EMBEDDED));
      }
    }
    return found;
  }

  /** Balanced top-level {@code {…}}/{@code […]} spans that parse, in order. */
  private static List<String> embedded(String text) {
    List<String> out = new ArrayList<>();
    int from = 0;
    for (int starts = 0; starts < MAX_STARTS; starts++) {
      int start = nextOpening(text, from);
      if (start < 0) {
        break;
      }
      int end = balancedEnd(text, start);
      if (end == UNCLOSED) {
        break; // truncated: everything after this point is inside it
      }
      if (end > 0 && parses(text.substring(start, end))) {
        out.add(text.substring(start, end));
        from = end;
      } else {
        from = start + 1;
      }
    }
    return out;
  }

  private static final int UNCLOSED = -1;
  private static final int MISMATCHED = -2;

  /**
   * The index after the bracket closing the one at {@code start}; {@link #UNCLOSED} when the text
   * ends first, {@link #MISMATCHED} when a bracket closes the wrong kind.
   */
  private static int balancedEnd(String text, int start) {
    StringBuilder open = new StringBuilder();
    boolean inString = false;
    for (int i = start; i < text.length(); i++) {
      char c = text.charAt(i);
      if (inString) {
        if (c == '\\') {
          i++;
        } else if (c == '"') {
          inString = false;
        }
        continue;
      }
      switch (c) {
        case '"' -> inString = true;
        case '{', '[' -> open.append(c);
        case '}', ']' -> {
          char expected = c == '}' ? '{' : '[';
          if (open.charAt(open.length() - 1) != expected) {
            return MISMATCHED;
          }
          open.setLength(open.length() - 1);
          if (open.length() == 0) {
            return i + 1;
          }
        }
        default -> {}
      }
    }
    return UNCLOSED;
  }

  private static int nextOpening(String text, int from) {
    for (int i = from; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '{' || c == '[') {
        return i;
      }
    }
    return -1;
  }

  private static boolean parses(String candidate) {
    try {
      return MAPPER.readTree(candidate) != null;
    } catch (JsonProcessingException e) {
      return false;
    }
  }
}
