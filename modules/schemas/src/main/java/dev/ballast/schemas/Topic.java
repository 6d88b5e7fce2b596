package dev.ballast.schemas;

import java.util.Map;
import java.util.Objects;
import org.apache.kafka.common.serialization.Serde;

/**
 * One topic of the pipeline: its full name, the serdes of its keys and values, and the topic-level
 * configuration it is created with.
 *
 * @param name full topic name, prefix included
 * @param keySerde serde of the record keys
 * @param valueSerde serde of the record values
 * @param config topic configuration used when Ballast creates the topic (for example {@code
 *     retention.ms})
 * @param <K> key type
 * @param <V> value type
 */
public record Topic<K, V>(
    String name, Serde<K> keySerde, Serde<V> valueSerde, Map<String, String> config) {

  public Topic {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(keySerde, "keySerde");
    Objects.requireNonNull(valueSerde, "valueSerde");
    if (name.isBlank()) {
      throw new IllegalArgumentException("topic name must not be blank");
    }
    config = Map.copyOf(config);
  }

  @Override
  public String toString() {
    return name;
  }
}
