package dev.ballast.broker;

import dev.ballast.broker.internal.Directories;
import dev.ballast.broker.internal.KRaftNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
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
public final class EmbeddedKafkaBroker implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);

  private final KRaftNode node;
  private final Path dataDir;
  private final String bootstrapServers;
  private final Map<String, String> listeners;
  private boolean closed;

  private EmbeddedKafkaBroker(
      KRaftNode node, Path dataDir, String bootstrapServers, Map<String, String> listeners) {
    this.node = node;
    this.dataDir = dataDir;
    this.bootstrapServers = bootstrapServers;
    this.listeners = Map.copyOf(listeners);
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
    return start(overrides, Map.of());
  }

  /**
   * Formats storage and starts a broker with listeners besides {@code PLAINTEXT}, each on its own
   * ephemeral 127.0.0.1 port (for example a {@code SASL_SSL} listener: its SASL and SSL settings go
   * in {@code overrides} as {@code listener.name.<name>.*} keys).
   *
   * @param overrides broker configuration overriding the defaults
   * @param listeners extra listener names (upper case) to their security protocol, e.g. {@code
   *     SASL_SSL -> SASL_SSL}
   */
  public static EmbeddedKafkaBroker start(
      Map<String, String> overrides, Map<String, String> listeners) {
    Objects.requireNonNull(overrides, "overrides");
    Path dir;
    try {
      dir = Files.createTempDirectory("ballast-kafka-");
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create a data directory for the embedded broker", e);
    }
    int port = freePort();
    int controllerPort = freePort();
    Map<String, KRaftNode.Listener> extra = new LinkedHashMap<>();
    listeners.forEach(
        (name, protocol) -> extra.put(name, new KRaftNode.Listener(protocol, freePort())));
    long started = System.nanoTime();
    KRaftNode node = KRaftNode.start(dir, port, controllerPort, extra, overrides);
    String bootstrap = "127.0.0.1:" + port;
    log.info(
        "Embedded Kafka broker ready at {} in {} ms",
        bootstrap,
        (System.nanoTime() - started) / 1_000_000);
    Map<String, String> addresses = new LinkedHashMap<>();
    extra.forEach((name, l) -> addresses.put(name, "127.0.0.1:" + l.port()));
    return new EmbeddedKafkaBroker(node, dir, bootstrap, addresses);
  }

  /**
   * The {@code bootstrap.servers} value for a listener given at start.
   *
   * @throws IllegalArgumentException when the broker has no such listener
   */
  public String bootstrapServers(String listenerName) {
    String address = listeners.get(listenerName);
    if (address == null) {
      throw new IllegalArgumentException(
          "no listener '" + listenerName + "'; extra listeners: " + listeners.keySet());
    }
    return address;
  }

  /** The {@code bootstrap.servers} value of the PLAINTEXT listener: {@code 127.0.0.1:<port>}. */
  public String bootstrapServers() {
    return bootstrapServers;
  }

  /** Client properties with {@code bootstrap.servers} set, for admin, producer and consumer use. */
  public Properties clientProperties() {
    Properties props = new Properties();
    props.put("bootstrap.servers", bootstrapServers);
    return props;
  }

  /** Client properties with {@code bootstrap.servers} and the given overrides. */
  public Properties clientProperties(Map<String, ?> overrides) {
    Properties props = clientProperties();
    props.putAll(overrides);
    return props;
  }

  /** Where the broker keeps its logs and metadata. */
  public Path dataDirectory() {
    return dataDir;
  }

  /** Stops the broker and deletes its data directory; later calls do nothing. */
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
