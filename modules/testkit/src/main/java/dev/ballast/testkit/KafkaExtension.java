package dev.ballast.testkit;

import dev.ballast.broker.EmbeddedKafkaBroker;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension that provides a real Kafka broker: an {@link EmbeddedKafkaBroker} started once
 * per test JVM (on first use) and stopped when the JVM's test run ends. Test methods and
 * constructors declare a {@link KafkaCluster} or {@link EmbeddedKafkaBroker} parameter to get it.
 *
 * <p>The broker is shared across test classes, so tests isolate themselves by topic names (each
 * gets a fresh prefix from {@link TestTopics}), never by restarting the broker.
 */
public final class KafkaExtension implements ParameterResolver {

  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(KafkaExtension.class);

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    return type == KafkaCluster.class || type == EmbeddedKafkaBroker.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    EmbeddedCluster cluster =
        context
            .getRoot()
            .getStore(NAMESPACE)
            // The root store closes AutoCloseable values when the whole test run ends.
            .getOrComputeIfAbsent(
                EmbeddedCluster.class,
                key -> new EmbeddedCluster(EmbeddedKafkaBroker.start()),
                EmbeddedCluster.class);
    return parameter.getParameter().getType() == EmbeddedKafkaBroker.class
        ? cluster.broker
        : cluster;
  }

  /** The shared embedded broker seen as a {@link KafkaCluster}. */
  private static final class EmbeddedCluster implements KafkaCluster {
    private final EmbeddedKafkaBroker broker;

    EmbeddedCluster(EmbeddedKafkaBroker broker) {
      this.broker = broker;
    }

    @Override
    public String bootstrapServers() {
      return broker.bootstrapServers();
    }

    @Override
    public void close() {
      broker.close();
    }
  }
}
