package dev.ballast.testkit;

import dev.ballast.testkit.internal.KRaftNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Kafka broker (combined broker and KRaft controller) running inside this JVM,
 * built from the production Kafka jars. It listens on 127.0.0.1 only, on ephemeral ports, and keeps
 * its data in a temporary directory deleted on {@link #close()}.
 *
 * <p>Start one with {@link #start()}; it is ready for clients when the call returns. This class is
 * thread-safe.
 */
public final class EmbeddedKafkaBroker implements KafkaCluster {

  private static final Logger log = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);

  private final KRaftNode node;
  private final Path dataDir;
  private final String bootstrapServers;
  private boolean closed;

  private EmbeddedKafkaBroker(KRaftNode node, Path dataDir, String bootstrapServers) {
    this.node = node;
    this.dataDir = dataDir;
    this.bootstrapServers = bootstrapServers;
  }

  /** Formats storage and starts a broker with default settings. */
  public static EmbeddedKafkaBroker start() {
    return start(Map.of());
  }

  /**
   * Formats storage and starts a broker.
   *
   * @param overrides broker configuration overriding the defaults (for example {@code
   *     num.partitions})
   */
  public static EmbeddedKafkaBroker start(Map<String, String> overrides) {
    Objects.requireNonNull(overrides, "overrides");
    Path dir;
    try {
      dir = Files.createTempDirectory("ballast-kafka-");
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create a data directory for the embedded broker", e);
    }
    int port = freePort();
    int controllerPort = freePort();
    long started = System.nanoTime();
    KRaftNode node = KRaftNode.start(dir, port, controllerPort, overrides);
    String bootstrap = "127.0.0.1:" + port;
    log.info(
        "Embedded Kafka broker ready at {} in {} ms",
        bootstrap,
        (System.nanoTime() - started) / 1_000_000);
    return new EmbeddedKafkaBroker(node, dir, bootstrap);
  }

  @Override
  public String bootstrapServers() {
    return bootstrapServers;
  }

  /** Where the broker keeps its logs and metadata. */
  public Path dataDirectory() {
    return dataDir;
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    node.stop();
    Directories.deleteQuietly(dataDir);
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 0, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot find a free port on 127.0.0.1", e);
    }
  }
}
