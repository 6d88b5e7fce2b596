package dev.ballast.simulator;

import java.util.Map;

/**
 * Counts of model calls (Converse and OpenAI chat completions) over a region or all regions.
 *
 * <p>Immutable and thread-safe.
 *
 * @param requests calls received
 * @param succeeded calls answered with a model response
 * @param errors calls answered with an error
 * @param byErrorType errors by Bedrock wire name, e.g. {@code ThrottlingException}
 * @param byModel calls by model id as sent
 * @param inputTokens input tokens of successful calls
 * @param outputTokens output tokens of successful calls
 */
public record CallCounts(
    long requests,
    long succeeded,
    long errors,
    Map<String, Long> byErrorType,
    Map<String, Long> byModel,
    long inputTokens,
    long outputTokens) {

  /** No calls. */
  public static final CallCounts ZERO = new CallCounts(0, 0, 0, Map.of(), Map.of(), 0, 0);

  public CallCounts {
    byErrorType = Map.copyOf(byErrorType);
    byModel = Map.copyOf(byModel);
  }

  /** Errors of one wire type, e.g. {@code errors("ThrottlingException")}; 0 when none. */
  public long errors(String wireName) {
    return byErrorType.getOrDefault(wireName, 0L);
  }

  /** Errors of one type; {@code CONTEXT_OVERFLOW} and {@code VALIDATION} share a wire name. */
  public long errors(ErrorType type) {
    return errors(type.wireName());
  }
}
