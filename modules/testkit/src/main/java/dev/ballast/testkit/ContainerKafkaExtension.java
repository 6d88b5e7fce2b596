package dev.ballast.testkit;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.testcontainers.kafka.KafkaContainer;

/**
 * The Docker variant of {@link KafkaExtension}: a broker in a container ({@code apache/kafka}),
 * injected as a {@link KafkaCluster}. Use it on classes annotated
 * {@code @Testcontainers(disabledWithoutDocker = true)} so they skip cleanly where no Docker engine
 * runs; the embedded broker stays the default everywhere else.
 */
public final class ContainerKafkaExtension implements ParameterResolver {

  /** The image used; the same Kafka release as the client libraries. */
  public static final String IMAGE = "apache/kafka:4.1.1";

  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(ContainerKafkaExtension.class);

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == KafkaCluster.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return context
        .getRoot()
        .getStore(NAMESPACE)
        .getOrComputeIfAbsent(
            ContainerCluster.class, key -> ContainerCluster.start(), ContainerCluster.class);
  }

  /** A started container exposed as a {@link KafkaCluster}. */
  static final class ContainerCluster implements KafkaCluster {
    private final KafkaContainer container;

    private ContainerCluster(KafkaContainer container) {
      this.container = container;
    }

    static ContainerCluster start() {
      KafkaContainer container = new KafkaContainer(IMAGE);
      container.start();
      return new ContainerCluster(container);
    }

    @Override
    public String bootstrapServers() {
      return container.getBootstrapServers();
    }

    @Override
    public void close() {
      container.stop();
    }
  }
}
