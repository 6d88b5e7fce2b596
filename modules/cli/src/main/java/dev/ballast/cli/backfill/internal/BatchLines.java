package dev.ballast.cli.backfill.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reading fields out of batch lines, valid JSON or not. Stateless. */
final class BatchLines {

  private BatchLines() {}

  /**
   * The string value of {@code field} in a line that is not valid JSON, when it can still be seen
   * ({@code "field": "value"}), so an error line can name its record; else null.
   */
  static String salvage(String text, String field) {
    Matcher m =
        Pattern.compile("\"" + Pattern.quote(field) + "\"\\s*:\\s*\"([^\"\\\\]*)\"").matcher(text);
    return m.find() ? m.group(1) : null;
  }

  /** A text field of {@code o}, or null. */
  static String text(JsonNode o, String field) {
    JsonNode v = o.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }

  /** The column a JSON parse error points at, 0 when unknown. */
  static long column(JsonProcessingException e) {
    return e.getLocation() == null ? 0 : e.getLocation().getColumnNr();
  }
}
