package dev.ballast.pipeline.internal;

import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.ThreadMetadata;

/**
 * This instance's share of an account's quota: the share of the request topic's partitions its
 * active tasks own, as Kafka Streams assigned them. Requests are spread over partitions by key, so
 * an instance's share of the work, and of the quota it may spend, follows its partitions; the
 * shares of a fleet add up to one once every instance has its assignment. Stateless.
 */
final class QuotaShare {

  private QuotaShare() {}

  /**
   * The share of {@code partitions} partitions of {@code topic} among {@code owned}, in (0, 1]: an
   * instance that owns none gets the share of one partition (it sends nothing from the topic, and
   * an admission budget cannot be zero).
   *
   * @throws IllegalArgumentException when {@code partitions} is below 1
   */
  static double of(Collection<TopicPartition> owned, String topic, int partitions) {
    if (partitions < 1) {
      throw new IllegalArgumentException("partitions must be >= 1, was " + partitions);
    }
    Set<Integer> mine = new TreeSet<>();
    for (TopicPartition tp : owned) {
      if (tp.topic().equals(topic) && tp.partition() < partitions) {
        mine.add(tp.partition());
      }
    }
    return Math.max(1, mine.size()) / (double) partitions;
  }

  /** The input partitions of every active task of this instance's stream threads. */
  static Set<TopicPartition> activePartitions(Collection<ThreadMetadata> threads) {
    Set<TopicPartition> all = new java.util.HashSet<>();
    threads.forEach(t -> t.activeTasks().forEach(task -> all.addAll(task.topicPartitions())));
    return all;
  }
}
