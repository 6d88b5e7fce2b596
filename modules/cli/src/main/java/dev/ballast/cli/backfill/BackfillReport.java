package dev.ballast.cli.backfill;

import java.nio.file.Path;

/**
 * What a backfill job did.
 *
 * @param jobId the job id
 * @param output the output file
 * @param records non-blank input lines
 * @param succeeded lines answered SUCCEEDED or DEGRADED
 * @param failed lines answered FAILED
 * @param invalid lines that could not be sent (not JSON, missing fields, unknown model)
 * @param missing lines without an output line (no result in time)
 * @param sent lines sent by this run (the rest were answered by an earlier run, or invalid)
 * @param inputTokens input tokens of the answered lines
 * @param outputTokens output tokens of the answered lines
 */
public record BackfillReport(
    String jobId,
    Path output,
    long records,
    long succeeded,
    long failed,
    long invalid,
    long missing,
    long sent,
    long inputTokens,
    long outputTokens) {

  /** Whether every line has an output line. */
  public boolean complete() {
    return missing == 0;
  }
}
