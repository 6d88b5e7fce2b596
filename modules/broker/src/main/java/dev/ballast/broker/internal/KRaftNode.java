package dev.ballast.broker.internal;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.Feature;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * A combined broker + controller KRaft node from the production {@code kafka_2.13} jar. This is the
 * only class that uses Kafka's internal server API ({@link KafkaRaftServer}, {@link KafkaConfig},
 * {@link Formatter}); a Kafka upgrade that moves them breaks here and nowhere else.
 *
 * <p>Not thread-safe: the owner starts and stops it.
 */
public final class KRaftNode {

  private static final int NODE_ID = 1;
  private static final String CONTROLLER = "CONTROLLER";

  private final KafkaRaftServer server;

  private KRaftNode(KafkaRaftServer server) {
    this.server = server;
  }

  /**
   * A listener besides PLAINTEXT and the controller's.
   *
   * @param protocol its security protocol, e.g. {@code SASL_SSL}
   * @param port its port on 127.0.0.1
   */
  public record Listener(String protocol, int port) {}

  /** Formats {@code dir} and starts a node; returns when the broker accepts clients. */
  public static KRaftNode start(
      Path dir,
      int port,
      int controllerPort,
      Map<String, Listener> extra,
      Map<String, String> overrides) {
    StringBuilder listeners =
        new StringBuilder(
            "PLAINTEXT://127.0.0.1:" + port + "," + CONTROLLER + "://127.0.0.1:" + controllerPort);
    StringBuilder advertised = new StringBuilder("PLAINTEXT://127.0.0.1:" + port);
    StringBuilder protocols = new StringBuilder("CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT");
    extra.forEach(
        (name, l) -> {
          listeners.append(',').append(name).append("://127.0.0.1:").append(l.port());
          advertised.append(',').append(name).append("://127.0.0.1:").append(l.port());
          protocols.append(',').append(name).append(':').append(l.protocol());
        });
    String logDir = dir.resolve("data").toString();
    Properties props = new Properties();
    props.put("process.roles", "broker,controller");
    props.put("node.id", Integer.toString(NODE_ID));
    props.put("controller.quorum.voters", NODE_ID + "@127.0.0.1:" + controllerPort);
    props.put("listeners", listeners.toString());
    props.put("advertised.listeners", advertised.toString());
    props.put("controller.listener.names", CONTROLLER);
    props.put("inter.broker.listener.name", "PLAINTEXT");
    props.put("listener.security.protocol.map", protocols.toString());
    props.put("log.dirs", logDir);
    props.put("offsets.topic.replication.factor", "1");
    props.put("offsets.topic.num.partitions", "4");
    props.put("transaction.state.log.replication.factor", "1");
    props.put("transaction.state.log.min.isr", "1");
    props.put("transaction.state.log.num.partitions", "4");
    props.put("share.coordinator.state.topic.replication.factor", "1");
    props.put("share.coordinator.state.topic.min.isr", "1");
    props.put("group.initial.rebalance.delay.ms", "0");
    props.put("num.partitions", "1");
    props.put("auto.create.topics.enable", "false");
    // The default dedupe buffer takes 128 MiB of heap per broker.
    props.put("log.cleaner.dedupe.buffer.size", "2097152");
    // Transactions v2: a produce that arrives while the previous transaction's markers are still
    // being written is retried on the broker; the default 20 ms backoff adds that much to every
    // exactly-once commit. Production brokers serving low-latency EOS apps want the same.
    props.put("add.partitions.to.txn.retry.backoff.ms", "1");
    props.put("add.partitions.to.txn.retry.backoff.max.ms", "5");
    // Offsets committed in a transaction wait for the group coordinator's write linger.
    props.put("group.coordinator.append.linger.ms", "0");
    props.putAll(overrides);

    KafkaConfig config = KafkaConfig.fromProps(props, false);
    try {
      new Formatter()
          .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
          .setSupportedFeatures(Feature.PRODUCTION_FEATURES)
          .setNodeId(NODE_ID)
          .setClusterId(Uuid.randomUuid().toString())
          .setDirectories(List.of(logDir))
          .setMetadataLogDirectory(logDir)
          .setControllerListenerName(CONTROLLER)
          .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
          // Transactions v2 (KIP-890), as a new 4.x cluster has them: a transaction's produce
          // and offset commit add their partitions themselves, two requests fewer per commit.
          .setFeatureLevel("transaction.version", (short) 2)
          .run();
    } catch (Exception e) {
      throw new IllegalStateException("Cannot format storage for the embedded broker in " + dir, e);
    }
    KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
    server.startup();
    return new KRaftNode(server);
  }

  /** Stops the node and waits until it has shut down. */
  public void stop() {
    server.shutdown();
    server.awaitShutdown();
  }
}
