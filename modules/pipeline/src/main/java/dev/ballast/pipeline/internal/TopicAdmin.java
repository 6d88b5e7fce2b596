package dev.ballast.pipeline.internal;

import dev.ballast.pipeline.ConfigException;
import dev.ballast.schemas.Topic;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
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
