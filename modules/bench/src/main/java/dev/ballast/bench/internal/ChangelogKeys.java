package dev.ballast.bench.internal;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The exact number of live keys in an application's ledger changelog topics ({@link
 * ChangelogSize#isLedgerChangelog}): a {@code read_committed} consumer on its own thread replays
 * every changelog record from the beginning (a value is a live key, a tombstone removes it), which
 * is what a restore of the ledger stores would hold. RocksDB's own count is an estimate that counts
 * overwritten and deleted keys until compaction; this one is exact as of the last commit read.
 * {@link #liveKeys} is thread-safe.
 */
final class ChangelogKeys implements AutoCloseable {

  private final Set<String> live = new HashSet<>();
  private final AtomicLong count = new AtomicLong();
  private final AtomicBoolean stop = new AtomicBoolean();
  private final Thread thread;
  private final List<TopicPartition> partitions;
  private final String bootstrap;

  /** Finds the ledger changelog topics of {@code applicationId} and starts replaying them. */
  ChangelogKeys(String bootstrap, String applicationId) throws Exception {
    this.bootstrap = bootstrap;
    this.partitions = new ArrayList<>();
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
      List<String> topics =
          admin.listTopics().names().get(10, TimeUnit.SECONDS).stream()
              .filter(t -> ChangelogSize.isLedgerChangelog(t, applicationId))
              .toList();
      for (TopicDescription d :
          admin.describeTopics(topics).allTopicNames().get(10, TimeUnit.SECONDS).values()) {
        for (TopicPartitionInfo p : d.partitions()) {
          partitions.add(new TopicPartition(d.name(), p.partition()));
        }
      }
    }
    this.thread = new Thread(this::replay, "bench-changelog-keys");
    this.thread.setDaemon(true);
    this.thread.start();
  }

  /** The changelog partitions replayed. */
  List<TopicPartition> partitions() {
    return List.copyOf(partitions);
  }

  /** Live keys over every ledger changelog partition read so far. */
  long liveKeys() {
    return count.get();
  }

  private void replay() {
    Properties c = new Properties();
    c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    c.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(c, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      while (!stop.get()) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          if (r.key() == null) {
            continue;
          }
          // A key lives in one partition of its store's topic; stores may share ids.
          String key = r.topic() + "/" + new String(r.key(), StandardCharsets.UTF_8);
          if (r.value() == null) {
            live.remove(key);
          } else {
            live.add(key);
          }
        }
        count.set(live.size());
      }
    }
  }

  @Override
  public void close() {
    stop.set(true);
    try {
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
