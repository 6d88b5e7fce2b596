package dev.ballast.simulator;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A timed window during which a region answers every matching call with an error. Times are
 * relative to the moment the scenario was applied (simulator start, or {@link
 * Simulator#setScenario}), on the simulator's clock.
 *
 * <p>Immutable and thread-safe.
 *
 * @param start offset of the window's start
 * @param duration length of the window
 * @param error the error answered, usually {@link ErrorType#SERVICE_UNAVAILABLE}
 * @param models model patterns affected ({@code "*"}, an id, or a glob); empty means all
 */
public record Outage(Duration start, Duration duration, ErrorType error, List<String> models) {

  public Outage {
    Objects.requireNonNull(start, "start");
    Objects.requireNonNull(duration, "duration");
    Objects.requireNonNull(error, "error");
    if (start.isNegative() || duration.isNegative()) {
      throw new IllegalArgumentException(
          "outage start and duration must not be negative, were " + start + ", " + duration);
    }
    models = models == null ? List.of() : List.copyOf(models);
  }

  /** An outage of every model with {@link ErrorType#SERVICE_UNAVAILABLE}. */
  public static Outage of(Duration start, Duration duration) {
    return new Outage(start, duration, ErrorType.SERVICE_UNAVAILABLE, List.of());
  }

  /** Whether {@code elapsed} since the scenario was applied falls inside this window. */
  public boolean activeAt(Duration elapsed) {
    return elapsed.compareTo(start) >= 0 && elapsed.compareTo(start.plus(duration)) < 0;
  }
}
