package dev.ballast.pipeline.internal;

import dev.ballast.pipeline.ConfigException;
import dev.ballast.schemas.Topic;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TopologyDescription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Creates missing topics at start-up and checks existing ones. */
public final class TopicAdmin {

  private static final Logger log = LoggerFactory.getLogger(TopicAdmin.class);

  private TopicAdmin() {}

  /**
   * Ensures every topic exists.
   *
   * @param create create missing topics; when false a missing topic is an error
   * @throws ConfigException naming a missing topic or one that cannot be created
   */
  public static void ensure(
      Map<String, Object> adminProps,
      List<Topic<?, ?>> topics,
      int partitions,
      int replicationFactor,
      boolean create) {
    try (Admin admin = Admin.create(adminProps)) {
      Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
      List<NewTopic> missing = new ArrayList<>();
      for (Topic<?, ?> topic : topics) {
        if (existing.contains(topic.name())) {
          continue;
        }
        if (!create) {
          throw new ConfigException(
              "topic.create",
              "topic '" + topic.name() + "' does not exist and topic.create is false");
        }
        missing.add(
            new NewTopic(
                    topic.name(),
                    Optional.of(partitions),
                    replicationFactor < 0
                        ? Optional.empty()
                        : Optional.of((short) replicationFactor))
                .configs(topic.config()));
      }
      if (!missing.isEmpty()) {
        admin.createTopics(missing).values().forEach((name, f) -> await(name, f));
        log.info(
            "Created topics {} with {} partitions",
            missing.stream().map(NewTopic::name).toList(),
            partitions);
      }
      checkPartitions(admin, topics, partitions);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while creating topics", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("Cannot list or create topics: " + e.getMessage(), e);
    }
  }

  /**
   * Creates, before an app starts, the changelog topics Kafka Streams would otherwise create in its
   * first rebalance for the state stores of {@code topology}'s sub-topologies. Kafka Streams' group
   * leader creates missing internal topics and then checks every 100 ms until the broker describes
   * them: 200–300 ms of each fresh start spent waiting (bench results 2026-12-02). The topics are
   * what Streams itself creates: {@code <application.id>-<store>-changelog}, one partition per task
   * (the most partitions among the sub-topology's source topics), compacted, with {@code
   * message.timestamp.type=CreateTime}, Streams' {@code replication.factor} and every {@code
   * topic.}-prefixed setting. Streams still checks them and creates any that are missing.
   *
   * <p>Best effort: an existing topic is left as it is, and a failure is logged at DEBUG and left
   * to Streams. Blocks for up to a few seconds; callable from any thread.
   *
   * @param adminProps the admin client's settings
   * @param streams the app's Streams properties ({@code application.id}, {@code
   *     replication.factor}, {@code topic.*})
   * @param topology the app's topology; global stores are read from their source topic and have no
   *     changelog
   * @return the changelog topics this call created, sorted; empty when all existed or on failure
   */
  public static List<String> ensureChangelogs(
      Map<String, Object> adminProps, Properties streams, TopologyDescription topology) {
    Set<String> global = new HashSet<>();
    topology.globalStores().forEach(g -> global.addAll(g.processor().stores()));
    Map<String, Set<String>> storesBySources = new LinkedHashMap<>();
    for (TopologyDescription.Subtopology sub : topology.subtopologies()) {
      Set<String> sources = new TreeSet<>();
      Set<String> stores = new TreeSet<>();
      for (TopologyDescription.Node node : sub.nodes()) {
        if (node instanceof TopologyDescription.Source source && source.topicSet() != null) {
          sources.addAll(source.topicSet());
        } else if (node instanceof TopologyDescription.Processor processor) {
          processor.stores().stream().filter(st -> !global.contains(st)).forEach(stores::add);
        }
      }
      if (!stores.isEmpty() && !sources.isEmpty()) {
        storesBySources.put(String.join(",", sources), stores);
      }
    }
    if (storesBySources.isEmpty()) {
      return List.of();
    }
    String applicationId = streams.getProperty(StreamsConfig.APPLICATION_ID_CONFIG);
    String replication = streams.getProperty(StreamsConfig.REPLICATION_FACTOR_CONFIG, "-1");
    Map<String, String> configs = new HashMap<>();
    configs.put(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);
    configs.put(TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG, "CreateTime");
    String prefix = StreamsConfig.topicPrefix("");
    streams.stringPropertyNames().stream()
        .filter(k -> k.startsWith(prefix))
        .forEach(k -> configs.put(k.substring(prefix.length()), streams.getProperty(k)));
    try (Admin admin = Admin.create(adminProps)) {
      Set<String> sourceTopics = new TreeSet<>();
      storesBySources.keySet().forEach(k -> sourceTopics.addAll(List.of(k.split(","))));
      Map<String, TopicDescription> described =
          admin.describeTopics(sourceTopics).allTopicNames().get(30, TimeUnit.SECONDS);
      Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
      short rf = Short.parseShort(replication.trim());
      List<NewTopic> missing = new ArrayList<>();
      storesBySources.forEach(
          (sources, stores) -> {
            int tasks =
                List.of(sources.split(",")).stream()
                    .mapToInt(t -> described.get(t).partitions().size())
                    .max()
                    .orElseThrow();
            for (String store : stores) {
              String name = applicationId + "-" + store + "-changelog";
              if (!existing.contains(name)) {
                missing.add(
                    new NewTopic(
                            name, Optional.of(tasks), rf < 0 ? Optional.empty() : Optional.of(rf))
                        .configs(configs));
              }
            }
          });
      if (missing.isEmpty()) {
        return List.of();
      }
      admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
      List<String> created = missing.stream().map(NewTopic::name).sorted().toList();
      // Kafka Streams' leader describes the topics it needs; wait until the broker does.
      for (int attempt = 1; ; attempt++) {
        try {
          admin.describeTopics(created).allTopicNames().get(30, TimeUnit.SECONDS);
          break;
        } catch (ExecutionException e) {
          if (!(e.getCause() instanceof UnknownTopicOrPartitionException) || attempt >= 200) {
            throw e;
          }
          Thread.sleep(10);
        }
      }
      log.debug("Created changelog topics {}", created);
      return created;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return List.of();
    } catch (ExecutionException | TimeoutException | RuntimeException e) {
      log.debug("Changelog topics left to Kafka Streams: {}", e.toString());
      return List.of();
    }
  }

  private static void await(String name, KafkaFuture<Void> f) {
    try {
      f.get(30, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      if (!(e.getCause() instanceof TopicExistsException)) {
        throw new ConfigException(
            "topic.create", "cannot create topic '" + name + "': " + e.getCause().getMessage(), e);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while creating topic " + name, e);
    } catch (TimeoutException e) {
      throw new IllegalStateException("Timed out creating topic " + name, e);
    }
  }

  private static void checkPartitions(Admin admin, List<Topic<?, ?>> topics, int expected)
      throws InterruptedException, ExecutionException, TimeoutException {
    Map<String, TopicDescription> described = null;
    // Topics just created may take a moment to show up in every broker's metadata.
    for (int attempt = 1; described == null; attempt++) {
      try {
        described =
            admin
                .describeTopics(topics.stream().map(Topic::name).toList())
                .allTopicNames()
                .get(30, TimeUnit.SECONDS);
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof UnknownTopicOrPartitionException) || attempt >= 50) {
          throw e;
        }
        Thread.sleep(100);
      }
    }
    Set<Integer> counts = new TreeSet<>();
    described.values().forEach(d -> counts.add(d.partitions().size()));
    if (counts.size() > 1) {
      log.warn(
          "Ballast topics have different partition counts {}; request, retry and fallback topics"
              + " must be co-partitioned by request id",
          counts);
    }
  }
}
