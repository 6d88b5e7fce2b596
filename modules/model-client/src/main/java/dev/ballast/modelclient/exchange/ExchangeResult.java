package dev.ballast.modelclient.exchange;

import dev.ballast.modelclient.CallReport;
import dev.ballast.schemas.Degradation;
import java.util.List;
import java.util.Objects;

/**
 * What serving a request on one endpoint came to: every HTTP call made (summaries, re-asks and
 * shrink resends included), what was given up to get there, and how often the answer was re-asked.
 *
 * @param report the calls; the last one decides
 * @param degradations degradations applied on the way ({@code TRUNCATED}, {@code SUMMARIZED},
 *     {@code SHORTER_CONTEXT}, {@code REASKED}, {@code JSON_EXTRACTED})
 * @param reasks re-asks made
 * @param shortenable whether the request's context could be made shorter than it was sent, known
 *     only after a timeout (false otherwise)
 */
public record ExchangeResult(
    CallReport report, List<Degradation> degradations, int reasks, boolean shortenable) {

  public ExchangeResult {
    Objects.requireNonNull(report, "report");
    degradations = List.copyOf(degradations);
  }

  /** A result of just these calls. */
  public static ExchangeResult of(CallReport report) {
    return new ExchangeResult(report, List.of(), 0, false);
  }
}
