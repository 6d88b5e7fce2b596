package dev.ballast.simulator.internal;

import dev.ballast.simulator.Distribution;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads a {@link Distribution} from a scenario: a plain value (fixed), or a mapping {@code
 * {distribution: fixed|uniform|lognormal, value | min,max | median,p99}}. Stateless.
 */
final class Distributions {

  private static final List<String> DISTRIBUTIONS = List.of("fixed", "uniform", "lognormal");

  private Distributions() {}

  /** A distribution of milliseconds ({@code durations}) or of plain numbers. */
  static Distribution parse(ConfigNode n, boolean durations) {
    if (n.isPresent() && n.raw().isValueNode()) {
      return n.construct(() -> Distribution.fixed(value(n, durations)));
    }
    if (!n.isObject()) {
      throw n.error("expected a mapping with key distribution");
    }
    String kind = n.get("distribution").text("fixed").toLowerCase(Locale.ROOT);
    List<String> params =
        switch (kind) {
          case "fixed" -> List.of("value");
          case "uniform" -> List.of("min", "max");
          case "lognormal" -> List.of("median", "p99");
          default ->
              throw n.get("distribution")
                  .error(
                      "unknown distribution '"
                          + kind
                          + "' (known: "
                          + String.join(", ", DISTRIBUTIONS)
                          + ")");
        };
    List<String> keys = new ArrayList<>(List.of("distribution"));
    keys.addAll(params);
    n.requireKeys(keys);
    double[] v = new double[params.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = value(n.get(params.get(i)).required(), durations);
    }
    return n.construct(
        () ->
            switch (kind) {
              case "fixed" -> Distribution.fixed(v[0]);
              case "uniform" -> Distribution.uniform(v[0], v[1]);
              default -> Distribution.lognormal(v[0], v[1]);
            });
  }

  private static double value(ConfigNode n, boolean durations) {
    if (durations) {
      return n.duration(Duration.ZERO).toNanos() / 1e6;
    }
    double value = n.number(0);
    if (value < 0) {
      throw n.error("must not be negative, was " + value);
    }
    return value;
  }
}
