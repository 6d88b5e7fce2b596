package dev.ballast.bench.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.BitSet;

/**
 * Bedrock batch inference files for the backfill benchmark: input lines {@code {"recordId": "R<n>",
 * "modelInput": <Converse body>}}, and the check of an output file ({@code <input>.out}: one line
 * per input line, in input order). Stateless.
 */
final class BatchFiles {

  private static final ObjectMapper JSON = new ObjectMapper();

  private BatchFiles() {}

  /**
   * What an output file holds.
   *
   * @param expected input lines
   * @param outputLines lines in the output
   * @param distinct distinct record ids {@code R1..R<expected>} among them
   * @param inOrder whether line {@code n} is record {@code R<n>} for every line
   * @param answered lines with a {@code modelOutput}
   * @param errors lines with an {@code error}
   */
  record Check(
      int expected, long outputLines, int distinct, boolean inOrder, long answered, long errors) {

    /** Exactly one output line per input line, in order, every one answered. */
    boolean complete() {
      return outputLines == expected && distinct == expected && inOrder && answered == expected;
    }

    @Override
    public String toString() {
      return String.format(
          "%,d output lines for %,d input lines (%,d distinct, %s, %,d answered, %,d errors)",
          outputLines, expected, distinct, inOrder ? "in order" : "NOT in order", answered, errors);
    }
  }

  /** Writes a file of {@code lines} short questions. */
  static Path write(Path file, int lines) throws IOException {
    try (BufferedWriter w = Files.newBufferedWriter(file)) {
      for (int n = 1; n <= lines; n++) {
        w.write(
            "{\"recordId\":\"R"
                + n
                + "\",\"modelInput\":{\"inferenceConfig\":{\"maxTokens\":64},"
                + "\"messages\":[{\"role\":\"user\",\"content\":[{\"text\":\"Summarize ticket "
                + n
                + " in one line.\"}]}]}}\n");
      }
    }
    return file;
  }

  /** Checks an output file against an input of {@code expected} lines written by {@link #write}. */
  static Check check(Path output, int expected) throws IOException {
    if (!Files.isRegularFile(output)) {
      return new Check(expected, 0, 0, false, 0, 0);
    }
    BitSet seen = new BitSet(expected + 1);
    long lines = 0;
    long answered = 0;
    long errors = 0;
    boolean inOrder = true;
    try (BufferedReader r = Files.newBufferedReader(output)) {
      String text;
      while ((text = r.readLine()) != null) {
        lines++;
        JsonNode line = JSON.readTree(text);
        String id = line.path("recordId").asText("");
        int n = id.startsWith("R") ? parse(id.substring(1)) : -1;
        inOrder &= n == lines;
        if (n >= 1 && n <= expected) {
          seen.set(n);
        }
        answered += line.hasNonNull("modelOutput") ? 1 : 0;
        errors += line.hasNonNull("error") ? 1 : 0;
      }
    }
    return new Check(expected, lines, seen.cardinality(), inOrder, answered, errors);
  }

  private static int parse(String s) {
    try {
      return Integer.parseInt(s);
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
