package dev.ballast.cli.backfill.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ballast.client.JsonCodec;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A provider's batch file format: how an input line becomes a request, and how a result or an error
 * becomes an output line. Implementations are stateless and thread-safe.
 */
public interface BatchFormat {

  /** The format's name as {@code --format} takes it. */
  String name();

  /**
   * Parses one line.
   *
   * @param requestId the Ballast request id of this line
   */
  BatchLine parse(String text, long number, String requestId);

  /** The output line of a line answered with {@code result} (the JSON form of the result). */
  ObjectNode output(BatchLine line, JsonNode result);

  /** The output line of a bad line. */
  ObjectNode error(BatchLine line);

  /** The output file for {@code input}, in {@code dir}. */
  Path outputFile(Path input, Path dir);

  /** The format of a file whose first line is {@code firstLine}. */
  static BatchFormat detect(String firstLine, BackfillRouting routing) {
    JsonNode json;
    try {
      json = JsonCodec.MAPPER.readTree(firstLine);
    } catch (Exception e) {
      throw new IllegalArgumentException(
          "cannot tell the format from the first line (not JSON); give --format bedrock|openai");
    }
    if (json != null && json.has("custom_id")) {
      return new OpenAiFormat(routing);
    }
    if (json != null && (json.has("modelInput") || json.has("recordId"))) {
      return new BedrockFormat(routing);
    }
    throw new IllegalArgumentException(
        "cannot tell the format from the first line (neither recordId/modelInput nor custom_id);"
            + " give --format bedrock|openai");
  }

  /** The format named {@code name}. */
  static BatchFormat named(String name, BackfillRouting routing) {
    return switch (name) {
      case "bedrock" -> new BedrockFormat(routing);
      case "openai" -> new OpenAiFormat(routing);
      default ->
          throw new IllegalArgumentException("--format must be bedrock or openai, was " + name);
    };
  }

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
}
