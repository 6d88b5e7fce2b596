package dev.ballast.cli.backfill.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;

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
}
