package dev.ballast.cli.backfill;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * What a backfill job does.
 *
 * @param input the JSONL file
 * @param format {@code bedrock}, {@code openai}, or null to tell from the first line
 * @param outputDir where outputs go, or null for the input's directory
 * @param jobId the job id (request ids are {@code <jobId>-<line>}), or null for one derived from
 *     the file's name and content, so a re-run of the same file resumes
 * @param route route of lines whose model is not in {@code modelRoutes}, or null
 * @param model the model of a Bedrock job (named in Anthropic outputs and mapped by {@code
 *     modelRoutes}), or null
 * @param modelRoutes model name to route
 * @param window most lines sent and not yet answered
 * @param timeout how long to wait for the last results after everything was sent
 */
public record BackfillOptions(
    Path input,
    String format,
    Path outputDir,
    String jobId,
    String route,
    String model,
    Map<String, String> modelRoutes,
    int window,
    Duration timeout) {

  public BackfillOptions {
    modelRoutes = Map.copyOf(modelRoutes);
    if (window < 1) {
      throw new IllegalArgumentException("--window must be at least 1, was " + window);
    }
  }
}
