package dev.ballast.modelclient.recovery;

import dev.ballast.modelclient.Failure;
import dev.ballast.modelclient.FailureClass;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The one table of what each failure kind leads to (ARCHITECTURE.md §3). A row says whether the
 * class is retried in process, whether it counts against the endpoint's health (its circuit
 * breaker), and the steps to try in order; {@link RecoveryPlan} takes the first step whose
 * condition holds (a bound not reached, a cache entry, a next endpoint) and ends the request when
 * none does.
 *
 * <table>
 *   <caption>Recovery table</caption>
 *   <tr><th>class</th><th>retry here</th><th>breaker</th><th>steps</th></tr>
 *   <tr><td>THROTTLED</td><td>no</td><td>no</td><td>next endpoint with room, park, next endpoint</td></tr>
 *   <tr><td>TRANSIENT</td><td>yes</td><td>yes</td><td>retry here, next endpoint</td></tr>
 *   <tr><td>TIMEOUT</td><td>no</td><td>yes</td><td>shorter context, cache, next endpoint</td></tr>
 *   <tr><td>CONTEXT_OVERFLOW</td><td>no</td><td>no</td><td>shrink, next endpoint</td></tr>
 *   <tr><td>MALFORMED_OUTPUT</td><td>no</td><td>no</td><td>re-ask, next endpoint</td></tr>
 *   <tr><td>REQUEST_ERROR</td><td>no</td><td>no</td><td>next endpoint</td></tr>
 *   <tr><td>UNAVAILABLE</td><td>no</td><td>yes</td><td>next endpoint</td></tr>
 *   <tr><td>PERMANENT</td><td>no</td><td>no</td><td>fail</td></tr>
 * </table>
 *
 * <p>A failure tied to one request (its length, its answer's shape, a rejection of its content)
 * never counts against the endpoint. This class is immutable and thread-safe.
 */
public final class RecoveryTable {

  /**
   * One row of the table.
   *
   * @param failureClass the failure kind
   * @param countsAgainstEndpoint whether the failure counts towards opening the breaker
   * @param steps what to try, in order; never empty
   */
  public record Row(FailureClass failureClass, boolean countsAgainstEndpoint, List<Step> steps) {

    public Row {
      Objects.requireNonNull(failureClass, "failureClass");
      steps = List.copyOf(steps);
      if (steps.isEmpty()) {
        throw new IllegalArgumentException(failureClass + ": a row needs at least one step");
      }
    }

    /** Whether the same endpoint is called again at once (in-process retries). */
    public boolean retryHere() {
      return steps.contains(Step.RETRY_HERE);
    }
  }

  private static final Map<FailureClass, Row> ROWS = new EnumMap<>(FailureClass.class);

  static {
    row(FailureClass.THROTTLED, false, Step.NEXT_WITH_ROOM, Step.PARK, Step.NEXT_ENDPOINT);
    row(FailureClass.TRANSIENT, true, Step.RETRY_HERE, Step.NEXT_ENDPOINT);
    row(FailureClass.TIMEOUT, true, Step.SHORTER_CONTEXT, Step.CACHE, Step.NEXT_ENDPOINT);
    row(FailureClass.CONTEXT_OVERFLOW, false, Step.SHRINK, Step.NEXT_ENDPOINT);
    row(FailureClass.MALFORMED_OUTPUT, false, Step.REASK, Step.NEXT_ENDPOINT);
    row(FailureClass.REQUEST_ERROR, false, Step.NEXT_ENDPOINT);
    row(FailureClass.UNAVAILABLE, true, Step.NEXT_ENDPOINT);
    row(FailureClass.PERMANENT, false, Step.FAIL);
  }

  private RecoveryTable() {}

  private static void row(FailureClass c, boolean breaker, Step... steps) {
    ROWS.put(c, new Row(c, breaker, List.of(steps)));
  }

  /** The row of a failure class. */
  public static Row row(FailureClass c) {
    return ROWS.get(c);
  }

  /** Every row, in {@link FailureClass} order. */
  public static List<Row> rows() {
    return List.copyOf(ROWS.values());
  }

  /** Whether {@code failure} is retried on the same endpoint at once. */
  public static boolean retriesInProcess(Failure failure) {
    return row(failure.failureClass()).retryHere();
  }

  /** Whether {@code failure} counts towards opening the endpoint's circuit breaker. */
  public static boolean countsAgainstEndpoint(Failure failure) {
    return row(failure.failureClass()).countsAgainstEndpoint();
  }

  /** Whether {@code failure}'s row has {@code step}. */
  public static boolean allows(Failure failure, Step step) {
    return row(failure.failureClass()).steps().contains(step);
  }
}
