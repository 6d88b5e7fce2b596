package dev.ballast.pipeline.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ballast.testkit.Await;
import dev.ballast.testkit.KafkaCluster;
import dev.ballast.testkit.KafkaExtension;
import dev.ballast.testkit.TestTopics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Changelog topics created before a Kafka Streams app starts, against the real broker. */
@ExtendWith(KafkaExtension.class)
class TopicAdminIT {

  private static final Duration WAIT = Duration.ofSeconds(60);

  @Test
  void shouldCreateExactlyTheChangelogTopicsKafkaStreamsUses(
      KafkaCluster kafka, @TempDir Path state) throws Exception {
    // given: two sub-topologies with a store each (sources of 3 and 2 partitions), and a global
    // store, which has no changelog
    String prefix = TestTopics.uniquePrefix("changelogs");
    String app = prefix + "app";
    Map<String, Object> adminProps = Map.of("bootstrap.servers", kafka.bootstrapServers());
    try (Admin admin = Admin.create(adminProps)) {
      admin
          .createTopics(
              List.of(
                  new NewTopic(prefix + "a", 3, (short) 1),
                  new NewTopic(prefix + "b", 3, (short) 1),
                  new NewTopic(prefix + "c", 2, (short) 1),
                  new NewTopic(prefix + "g", 1, (short) 1)))
          .all()
          .get(30, TimeUnit.SECONDS);
    }
    Topology topology = new Topology();
    topology.addSource(
        "source-ab",
        Serdes.String().deserializer(),
        Serdes.String().deserializer(),
        prefix + "a",
        prefix + "b");
    topology.addProcessor("keep-ab", () -> new Keep("s1"), "source-ab");
    topology.addStateStore(store("s1"), "keep-ab");
    topology.addSource(
        "source-c", Serdes.String().deserializer(), Serdes.String().deserializer(), prefix + "c");
    topology.addProcessor("keep-c", () -> new Keep("s2"), "source-c");
    topology.addStateStore(store("s2"), "keep-c");
    topology.addGlobalStore(
        store("g").withLoggingDisabled(),
        "source-g",
        Serdes.String().deserializer(),
        Serdes.String().deserializer(),
        prefix + "g",
        "keep-g",
        () -> new Keep("g"));
    Properties streams = new Properties();
    streams.put(StreamsConfig.APPLICATION_ID_CONFIG, app);
    streams.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    streams.put(StreamsConfig.STATE_DIR_CONFIG, state.toString());
    streams.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    streams.put(StreamsConfig.topicPrefix("min.compaction.lag.ms"), "60000");

    // when
    List<String> created = TopicAdmin.ensureChangelogs(adminProps, streams, topology.describe());

    // then: Streams' names, one partition per task, compacted, with the topic.* settings
    assertThat(created).containsExactly(app + "-s1-changelog", app + "-s2-changelog");
    try (Admin admin = Admin.create(adminProps)) {
      Map<String, TopicDescription> described =
          admin.describeTopics(created).allTopicNames().get(30, TimeUnit.SECONDS);
      assertThat(described.get(app + "-s1-changelog").partitions()).hasSize(3);
      assertThat(described.get(app + "-s2-changelog").partitions()).hasSize(2);
      Map<ConfigResource, Config> configs =
          admin
              .describeConfigs(
                  created.stream()
                      .map(t -> new ConfigResource(ConfigResource.Type.TOPIC, t))
                      .toList())
              .all()
              .get(30, TimeUnit.SECONDS);
      configs
          .values()
          .forEach(
              c -> {
                assertThat(c.get("cleanup.policy").value()).isEqualTo("compact");
                assertThat(c.get("message.timestamp.type").value()).isEqualTo("CreateTime");
                assertThat(c.get("min.compaction.lag.ms").value()).isEqualTo("60000");
              });

      // and: the app runs on them and needs no other changelog
      try (KafkaStreams running = new KafkaStreams(topology, streams)) {
        running.start();
        Await.until(WAIT, "the app running", () -> running.state() == KafkaStreams.State.RUNNING);
        Set<String> changelogs =
            admin.listTopics().names().get(30, TimeUnit.SECONDS).stream()
                .filter(t -> t.startsWith(app + "-") && t.endsWith("-changelog"))
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(changelogs).containsExactlyElementsOf(created);
        running.close(Duration.ofSeconds(30));
      }
    }

    // and: a second call finds them and creates nothing
    assertThat(TopicAdmin.ensureChangelogs(adminProps, streams, topology.describe())).isEmpty();
  }

  private static StoreBuilder<KeyValueStore<String, String>> store(String name) {
    return Stores.keyValueStoreBuilder(
        Stores.persistentKeyValueStore(name), Serdes.String(), Serdes.String());
  }

  /** Keeps the last value of each key in its store. */
  private static final class Keep implements Processor<String, String, Void, Void> {

    private final String storeName;
    private KeyValueStore<String, String> store;

    Keep(String storeName) {
      this.storeName = storeName;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
      store = context.getStateStore(storeName);
    }

    @Override
    public void process(Record<String, String> record) {
      store.put(record.key(), record.value());
    }
  }
}
