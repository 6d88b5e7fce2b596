package dev.ballast.pipeline.internal;

import java.time.Duration;
import java.util.Map;

/**
 * The parsed values of a configuration, as the parts that derive settings from it read them.
 * Implemented by {@code BallastConfig}; immutable and thread-safe.
 */
public interface ConfigView {

  /** Where the configuration came from, for messages. */
  String source();

  String string(String key);

  int intValue(String key);

  long longValue(String key);

  boolean bool(String key);

  Duration duration(String key);

  String applicationId();

  String bootstrapServers();

  /** Kafka settings passed through as written ({@code streams.*} without the prefix). */
  Map<String, String> streamsOverrides();
}
