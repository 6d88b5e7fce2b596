package dev.ballast.cli.backfill.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ballast.schemas.InferenceRequest;

/**
 * One input line, parsed.
 *
 * @param number 1-based line number in the input file
 * @param key the provider's id of the line ({@code recordId} or {@code custom_id}); generated when
 *     a Bedrock line has none; null when the line is not a JSON object
 * @param input the part of the line echoed in the output ({@code modelInput}), or null
 * @param anthropic whether a Bedrock line's {@code modelInput} is an Anthropic Messages body
 * @param model the model the line names (OpenAI) or the job's (Bedrock), or null
 * @param request the request to send, or null when the line is bad
 * @param error why the line is bad, or null
 */
public record BatchLine(
    long number,
    String key,
    JsonNode input,
    boolean anthropic,
    String model,
    InferenceRequest request,
    String error) {

  /** A bad line. */
  public static BatchLine bad(long number, String key, JsonNode input, String error) {
    return new BatchLine(number, key, input, false, null, null, error);
  }

  /** Whether the line can be sent. */
  public boolean ok() {
    return request != null;
  }
}
