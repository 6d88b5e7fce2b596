package dev.ballast.cli.backfill.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ballast.client.JsonCodec;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes a job's outputs in input order: the provider's output file, the provenance side file
 * ({@code <output>.ballast.jsonl}: status, degradations, what served each line, reason codes) and,
 * for Bedrock, {@code manifest.json.out}. Files are written to a temporary name and moved into
 * place, so a reader never sees half a file.
 */
public final class OutputWriter {

  /**
   * Counts of what was written.
   *
   * @param records non-blank lines
   * @param succeeded answered SUCCEEDED or DEGRADED
   * @param failed answered FAILED
   * @param invalid bad lines
   * @param missing lines without a result
   * @param inputTokens input tokens of answered lines
   * @param outputTokens output tokens of answered lines
   */
  public record Counts(
      long records,
      long succeeded,
      long failed,
      long invalid,
      long missing,
      long inputTokens,
      long outputTokens) {}

  private OutputWriter() {}

  /** Writes everything; returns the counts. */
  public static Counts write(
      Path input, Path output, BatchFormat format, String jobId, ResultSpill spill)
      throws IOException {
    Path provenance = output.resolveSibling(output.getFileName() + ".ballast.jsonl");
    Path tmpOut = output.resolveSibling(output.getFileName() + ".tmp");
    Path tmpProv = provenance.resolveSibling(provenance.getFileName() + ".tmp");
    long records = 0, succeeded = 0, failed = 0, invalid = 0, missing = 0, in = 0, out = 0;
    try (BufferedReader r = Files.newBufferedReader(input);
        BufferedWriter w = Files.newBufferedWriter(tmpOut);
        BufferedWriter p = Files.newBufferedWriter(tmpProv)) {
      String text;
      int n = 0;
      while ((text = r.readLine()) != null) {
        n++;
        if (text.isBlank()) {
          continue;
        }
        records++;
        BatchLine line = format.parse(text, n, requestId(jobId, n));
        ObjectNode prov = JsonCodec.MAPPER.createObjectNode();
        prov.put("line", n);
        prov.put("key", line.key());
        if (!line.ok()) {
          invalid++;
          w.write(format.error(line).toString());
          prov.put("status", "INVALID_LINE");
          prov.put("reason", line.error());
        } else {
          JsonNode result = spill.get(n);
          if (result == null) {
            missing++;
            continue;
          }
          if ("FAILED".equals(result.path("status").asText())) {
            failed++;
          } else {
            succeeded++;
          }
          in += result.path("usage").path("inputTokens").asLong();
          out += result.path("usage").path("outputTokens").asLong();
          w.write(format.output(line, result).toString());
          prov.put("requestId", result.path("id").asText());
          prov.put("status", result.path("status").asText());
          prov.set("degradations", result.path("degradations"));
          prov.set("servedBy", result.path("servedBy"));
          prov.set("error", result.path("error"));
          prov.put("attempts", result.path("attempts").size());
          prov.put("latencyMs", result.path("latencyMs").asLong());
        }
        w.newLine();
        p.write(prov.toString());
        p.newLine();
      }
    }
    Files.move(tmpOut, output, StandardCopyOption.REPLACE_EXISTING);
    Files.move(tmpProv, provenance, StandardCopyOption.REPLACE_EXISTING);
    Counts counts = new Counts(records, succeeded, failed, invalid, missing, in, out);
    if (format instanceof BedrockFormat) {
      ObjectNode m = JsonCodec.MAPPER.createObjectNode();
      m.put("totalRecordCount", records);
      m.put("processedRecordCount", succeeded + failed + invalid);
      m.put("successRecordCount", succeeded);
      m.put("errorRecordCount", failed + invalid);
      m.put("inputTokenCount", in);
      m.put("outputTokenCount", out);
      Path manifest = BedrockFormat.manifestFile(output.getParent());
      Files.writeString(manifest, m.toString() + "\n");
    }
    return counts;
  }

  /** The request id of line {@code n} of job {@code jobId}. */
  public static String requestId(String jobId, long n) {
    return jobId + "-" + n;
  }
}
