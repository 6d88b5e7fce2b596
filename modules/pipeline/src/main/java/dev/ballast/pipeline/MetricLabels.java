package dev.ballast.pipeline;

import dev.ballast.modelclient.Endpoint;
import dev.ballast.schemas.Lane;
import io.micrometer.core.instrument.Tags;
import java.time.Duration;
import java.util.Locale;

/** Ballast's metric labels and histogram buckets, shared by every meter. Stateless. */
public final class MetricLabels {

  private MetricLabels() {}

  /** Histogram buckets of latencies, in seconds: 5 ms to 2 min. */
  static final Duration[] BUCKETS = {
    Duration.ofMillis(5),
    Duration.ofMillis(10),
    Duration.ofMillis(25),
    Duration.ofMillis(50),
    Duration.ofMillis(100),
    Duration.ofMillis(250),
    Duration.ofMillis(500),
    Duration.ofSeconds(1),
    Duration.ofMillis(2500),
    Duration.ofSeconds(5),
    Duration.ofSeconds(10),
    Duration.ofSeconds(30),
    Duration.ofSeconds(60),
    Duration.ofSeconds(120)
  };

  /** The labels of an endpoint: provider, model, region. */
  public static Tags endpoint(Endpoint e) {
    return Tags.of(
        "provider",
        e.provider().name().toLowerCase(Locale.ROOT),
        "model",
        e.model(),
        "region",
        e.region());
  }

  /** The label value of a lane. */
  static String lane(Lane lane) {
    return lane == Lane.BATCH ? "batch" : "online";
  }
}
