package dev.ballast.testkit;

import java.util.Map;
import java.util.Properties;

/** A running Kafka cluster a test or a demo can talk to, however it was started. */
public interface KafkaCluster extends AutoCloseable {

  /** The {@code bootstrap.servers} value for clients. */
  String bootstrapServers();

  /** Client properties with {@code bootstrap.servers} set, for admin, producer and consumer use. */
  default Properties clientProperties() {
    Properties props = new Properties();
    props.put("bootstrap.servers", bootstrapServers());
    return props;
  }

  /** Client properties with {@code bootstrap.servers} and the given overrides. */
  default Properties clientProperties(Map<String, ?> overrides) {
    Properties props = clientProperties();
    props.putAll(overrides);
    return props;
  }

  /** Stops the cluster and deletes what it stored. */
  @Override
  void close();
}
