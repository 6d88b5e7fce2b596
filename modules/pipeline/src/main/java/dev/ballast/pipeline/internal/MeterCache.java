package dev.ballast.pipeline.internal;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Labelled meters of one {@link MeterRegistry}, each registered on first use and then kept by its
 * name and label values: a meter touched on every request is found with one map lookup instead of
 * building and registering its id each time, which cost more than the count itself.
 *
 * <p>The registry must not remove these meters. Thread-safe.
 */
public final class MeterCache {

  private record Key(String name, List<Object> labels) {}

  private final MeterRegistry registry;
  private final Map<Key, Meter> meters = new ConcurrentHashMap<>();

  public MeterCache(MeterRegistry registry) {
    this.registry = registry;
  }

  /**
   * The counter {@code name} kept for {@code labels} (any values that identify its label set), with
   * {@code tags} (called once, on first use).
   */
  public Counter counter(String name, String help, Supplier<Tags> tags, Object... labels) {
    return (Counter)
        meters.computeIfAbsent(
            new Key(name, Arrays.asList(labels)),
            k -> Counter.builder(name).description(help).tags(tags.get()).register(registry));
  }

  /** As {@link #counter}, a timer publishing {@code buckets} as its histogram. */
  public Timer timer(
      String name, String help, Duration[] buckets, Supplier<Tags> tags, Object... labels) {
    return (Timer)
        meters.computeIfAbsent(
            new Key(name, Arrays.asList(labels)),
            k ->
                Timer.builder(name)
                    .description(help)
                    .tags(tags.get())
                    .serviceLevelObjectives(buckets)
                    .register(registry));
  }
}
