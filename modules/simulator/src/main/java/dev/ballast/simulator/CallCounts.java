package dev.ballast.simulator;

import java.util.Map;

/**
 * Counts of model calls (Converse and OpenAI chat completions) over an endpoint (region and model),
 * a region, or all regions.
 *
 * <p>Immutable and thread-safe.
 *
 * @param requests calls received
 * @param succeeded calls answered with a model response (HTTP 200, empty answers included)
 * @param errors calls answered with an error
 * @param byErrorType errors by {@link ErrorType#statsName()}, e.g. {@code ThrottlingException}
 * @param byModel calls by model id as sent
 * @param inputTokens input tokens of successful calls
 * @param outputTokens output tokens generated for successful calls (also when the client had given
 *     up waiting)
 * @param byStopReason successful calls by Converse stop reason, e.g. {@code max_tokens}
 * @param byServiceTier calls (successful or not) by the service tier they sent, e.g. {@code flex};
 *     calls without one are not counted here
 */
public record CallCounts(
    long requests,
    long succeeded,
    long errors,
    Map<String, Long> byErrorType,
    Map<String, Long> byModel,
    long inputTokens,
    long outputTokens,
    Map<String, Long> byStopReason,
    Map<String, Long> byServiceTier) {

  /** No calls. */
  public static final CallCounts ZERO =
      new CallCounts(0, 0, 0, Map.of(), Map.of(), 0, 0, Map.of(), Map.of());

  public CallCounts {
    byErrorType = Map.copyOf(byErrorType);
    byModel = Map.copyOf(byModel);
    byStopReason = Map.copyOf(byStopReason);
    byServiceTier = Map.copyOf(byServiceTier);
  }

  /** Errors of one stats name, e.g. {@code errors("ThrottlingException")}; 0 when none. */
  public long errors(String statsName) {
    return byErrorType.getOrDefault(statsName, 0L);
  }

  /** Errors of one type; {@code CONTEXT_OVERFLOW} and {@code VALIDATION} share a name. */
  public long errors(ErrorType type) {
    return errors(type.statsName());
  }

  /** Successful calls that ended with this Converse stop reason, e.g. {@code end_turn}. */
  public long stopped(String stopReason) {
    return byStopReason.getOrDefault(stopReason, 0L);
  }

  /** Calls that sent this service tier, e.g. {@code priority}. */
  public long inTier(String serviceTier) {
    return byServiceTier.getOrDefault(serviceTier, 0L);
  }
}
