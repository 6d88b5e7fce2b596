package dev.ballast.pipeline.internal;

import dev.ballast.pipeline.ConfigException;
import dev.ballast.pipeline.ConfigKey;
import dev.ballast.pipeline.ConfigKeys;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/** The delay tiers of throttled requests. Stateless. */
public final class Tiers {

  private Tiers() {}

  /**
   * Parses tier durations, sorted and without duplicates.
   *
   * @throws ConfigException naming the bad tier
   */
  public static List<Duration> parse(List<String> raw, String source) {
    TreeSet<Duration> tiers = new TreeSet<>();
    for (String r : raw) {
      try {
        Duration d = ConfigKey.parseDuration(r);
        if (d.isZero() || d.isNegative()) {
          throw new IllegalArgumentException("must be positive");
        }
        tiers.add(d);
      } catch (IllegalArgumentException e) {
        throw new ConfigException(
            ConfigKeys.RETRY_TIERS,
            source
                + ": invalid tier '"
                + r
                + "' in '"
                + ConfigKeys.RETRY_TIERS
                + "': "
                + e.getMessage());
      }
    }
    if (tiers.isEmpty()) {
      throw new ConfigException(
          ConfigKeys.RETRY_TIERS,
          source + ": '" + ConfigKeys.RETRY_TIERS + "' needs at least one tier");
    }
    return List.copyOf(new ArrayList<>(tiers));
  }

  /** The largest tier not above {@code delay}, or the smallest tier when all are above it. */
  public static Duration tierFor(List<Duration> tiers, Duration delay) {
    Duration chosen = tiers.get(0);
    for (Duration t : tiers) {
      if (t.compareTo(delay) <= 0) {
        chosen = t;
      }
    }
    return chosen;
  }
}
