package dev.ballast.pipeline;

import dev.ballast.modelclient.CallReport;
import dev.ballast.schemas.Degradation;
import java.util.List;
import java.util.Objects;

/**
 * What serving a request on one endpoint came to: every HTTP call made (summaries, re-asks and
 * shrinks included), what was given up to get there, and how often the answer was re-asked.
 *
 * @param report the calls; the last one decides
 * @param degradations degradations applied on the way ({@code TRUNCATED}, {@code SUMMARIZED},
 *     {@code REASKED}, {@code JSON_EXTRACTED})
 * @param reasks re-asks made
 */
public record CallResult(CallReport report, List<Degradation> degradations, int reasks) {

  public CallResult {
    Objects.requireNonNull(report, "report");
    degradations = List.copyOf(degradations);
  }

  public static CallResult of(CallReport report) {
    return new CallResult(report, List.of(), 0);
  }
}
