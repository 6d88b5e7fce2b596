package dev.ballast.modelclient.exchange;

import dev.ballast.modelclient.CallOutcome;
import dev.ballast.modelclient.CallReport;
import dev.ballast.modelclient.Endpoint;
import dev.ballast.modelclient.Failure;
import dev.ballast.modelclient.ModelResponse;
import dev.ballast.schemas.Attempt;
import dev.ballast.schemas.Degradation;
import dev.ballast.schemas.FailureReason;
import dev.ballast.schemas.Outcome;
import dev.ballast.schemas.ServedBy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What serving a request on one endpoint came to: every HTTP call made (summaries, re-asks and
 * shrink resends included), what was given up to get there, and how often the answer was re-asked;
 * with the wire forms ({@code schemas/*.avsc}) the pipeline records. Immutable.
 *
 * @param report the calls; the last one decides
 * @param degradations degradations applied on the way ({@code TRUNCATED}, {@code SUMMARIZED},
 *     {@code SHORTER_CONTEXT}, {@code REASKED}, {@code JSON_EXTRACTED})
 * @param reasks re-asks made
 * @param shortenable whether the request's context could be made shorter than it was sent, known
 *     only after a timeout (false otherwise)
 * @param chainIndex the position in the route's chain of the endpoint that served the exchange
 * @param routing why that endpoint and not the one the request stood at ({@code
 *     dev.ballast.modelclient.recovery.Routing}), or null when it was that one
 */
public record ExchangeResult(
    CallReport report,
    List<Degradation> degradations,
    int reasks,
    boolean shortenable,
    int chainIndex,
    String routing) {

  public ExchangeResult {
    Objects.requireNonNull(report, "report");
    degradations = List.copyOf(degradations);
  }

  /** A result of the endpoint the request stood at (position 0 until {@link #routedTo}). */
  public ExchangeResult(
      CallReport report, List<Degradation> degradations, int reasks, boolean shortenable) {
    this(report, degradations, reasks, shortenable, 0, null);
  }

  /** This result, served at {@code index} of the chain for the reason {@code why} (may be null). */
  public ExchangeResult routedTo(int index, String why) {
    return new ExchangeResult(report, degradations, reasks, shortenable, index, why);
  }

  /** The failure the exchange ended in, or null when it answered. */
  public Failure failure() {
    return report.failure();
  }

  /** The attempt records of every call, oldest first. */
  public List<Attempt> attempts() {
    List<Attempt> out = new ArrayList<>(report.calls().size());
    for (CallOutcome c : report.calls()) {
      out.add(attempt(c));
    }
    return out;
  }

  /** HTTP calls that went out (what the call budget counts). */
  public int sentCalls() {
    return (int) report.calls().stream().filter(CallOutcome::sent).count();
  }

  /** The highest attempt number used. */
  public int lastAttempt() {
    return report.calls().stream().mapToInt(CallOutcome::attempt).max().orElse(0);
  }

  /** The wire form of the last failure among the calls, or null when none failed. */
  public FailureReason lastError() {
    List<CallOutcome> calls = report.calls();
    for (int i = calls.size() - 1; i >= 0; i--) {
      if (calls.get(i).failure() != null) {
        return reason(calls.get(i).failure());
      }
    }
    return null;
  }

  /** The answer's text ("" when it is only JSON), or null when the exchange did not answer. */
  public String text() {
    ModelResponse r = report.response();
    return r == null ? null : r.text().isEmpty() && r.json() != null ? null : r.text();
  }

  /** The answer's validated JSON, or null. */
  public String json() {
    return report.response() == null ? null : report.response().json();
  }

  /** The provider's stop reason, or null. */
  public String stopReason() {
    return report.response() == null ? null : report.response().stopReason();
  }

  /** What answered, with the service tier it answered in, or null when nothing did. */
  public ServedBy servedBy() {
    if (report.response() == null) {
      return null;
    }
    Endpoint e = report.response().endpoint();
    return ServedBy.newBuilder()
        .setProvider(e.provider().id())
        .setModel(e.model())
        .setRegion(e.region())
        .setServiceTier(report.response().serviceTier())
        .build();
  }

  /** The wire form of a failure. */
  public static FailureReason reason(Failure failure) {
    return new FailureReason(failure.reasonCode().name(), failure.message());
  }

  private static Attempt attempt(CallOutcome outcome) {
    ModelResponse r = outcome.response();
    Failure f = outcome.failure();
    return Attempt.newBuilder()
        .setEndpoint(outcome.endpoint().id())
        .setOutcome(f == null ? Outcome.SUCCESS : Outcome.valueOf(f.failureClass().name()))
        .setStartedAt(Instant.ofEpochMilli(outcome.startedAtMs()))
        .setLatencyMs(outcome.latencyMs())
        .setInputTokens(r == null ? null : r.inputTokens())
        .setOutputTokens(r == null ? null : r.outputTokens())
        .setErrorCode(f == null ? null : f.errorType())
        .setProviderRequestId(r == null ? null : r.providerRequestId())
        .build();
  }
}
