package dev.ballast.modelclient.structured;

import dev.ballast.modelclient.ModelRequest;
import dev.ballast.modelclient.Turn;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Builds the request that asks a model again after its answer failed the schema: the original
 * request, then an assistant turn with the invalid answer (its middle cut when long), then a user
 * turn listing the validator's errors (bounded) and asking for only the corrected JSON. Build every
 * re-ask from the original request, not from a previous re-ask, so the conversation does not grow
 * with each attempt. How many re-asks to allow is the caller's decision.
 *
 * <p>This class is thread-safe (stateless).
 */
public final class Reask {

  /** Longest invalid answer repeated to the model, in characters. */
  public static final int MAX_ANSWER_CHARS = 4_000;

  /** Most errors listed. */
  public static final int MAX_ERRORS = 20;

  /** Longest error listed, in characters. */
  public static final int MAX_ERROR_CHARS = 300;

  private Reask() {}

  /** The re-ask request for an invalid answer. */
  public static ModelRequest request(ModelRequest original, OutputCheck.Invalid invalid) {
    return request(original, invalid.rawAnswer(), invalid.errors());
  }

  /**
   * The re-ask request.
   *
   * @param original the request that got the invalid answer
   * @param invalidAnswer the answer as given
   * @param errors the validator's errors
   */
  public static ModelRequest request(
      ModelRequest original, String invalidAnswer, List<String> errors) {
    Objects.requireNonNull(original, "original");
    Objects.requireNonNull(invalidAnswer, "invalidAnswer");
    Objects.requireNonNull(errors, "errors");
    List<Turn> turns = new ArrayList<>(original.turns());
    String answer = bound(invalidAnswer.strip(), MAX_ANSWER_CHARS);
    if (answer.isEmpty()) {
      answer = "(empty answer)";
    }
    Turn last = turns.get(turns.size() - 1);
    if (last.role() == Turn.Role.ASSISTANT) {
      // A prefilled assistant turn: the answer continued it.
      turns.set(turns.size() - 1, Turn.assistant(last.text() + answer));
    } else {
      turns.add(Turn.assistant(answer));
    }
    turns.add(Turn.user(correction(errors, original.responseSchema() != null)));
    return new ModelRequest(
        original.requestId(),
        original.attempt(),
        original.system(),
        turns,
        original.maxTokens(),
        original.temperature(),
        original.topP(),
        original.stopSequences(),
        original.responseSchema());
  }

  private static String correction(List<String> errors, boolean hasSchema) {
    StringBuilder text =
        new StringBuilder(
            hasSchema
                ? "Your answer does not match the required JSON Schema."
                : "Your answer is not the JSON that was asked for.");
    if (errors.isEmpty()) {
      text.append('\n');
    } else {
      text.append(" The validator reported:\n");
      for (String error : errors.subList(0, Math.min(MAX_ERRORS, errors.size()))) {
        text.append("- ").append(bound(error.strip(), MAX_ERROR_CHARS)).append('\n');
      }
      if (errors.size() > MAX_ERRORS) {
        text.append(
            String.format(Locale.ROOT, "- … and %d more errors\n", errors.size() - MAX_ERRORS));
      }
    }
    return text.append(
            "\nAnswer again with a corrected answer that matches the schema exactly: only the"
                + " JSON, with no explanation and no code fence.")
        .toString();
  }

  /** The text, its middle replaced by a marker when it is longer than {@code max} characters. */
  static String bound(String text, int max) {
    if (text.length() <= max) {
      return text;
    }
    String marker = String.format(Locale.ROOT, " […%,d characters omitted…] ", text.length());
    int keep = Math.max(0, max - marker.length());
    int head = keep - keep / 3;
    int tail = keep / 3;
    int headEnd = head;
    if (headEnd > 0 && Character.isHighSurrogate(text.charAt(headEnd - 1))) {
      headEnd--;
    }
    int tailStart = text.length() - tail;
    if (tailStart < text.length() && Character.isLowSurrogate(text.charAt(tailStart))) {
      tailStart++;
    }
    int omitted = tailStart - headEnd;
    marker = String.format(Locale.ROOT, " […%,d characters omitted…] ", omitted);
    return text.substring(0, headEnd) + marker + text.substring(tailStart);
  }
}
