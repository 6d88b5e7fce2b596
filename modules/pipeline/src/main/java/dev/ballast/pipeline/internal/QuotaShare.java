package dev.ballast.pipeline.internal;

import java.time.Clock;
import java.util.Collection;
import java.util.HashSet;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.ThreadMetadata;

/**
 * This instance's share of an account's quota: the share of the request topic's partitions its
 * active tasks own, as Kafka Streams assigned them. Requests are spread over partitions by key, so
 * an instance's share of the work, and of the quota it may spend, follows its partitions; the
 * shares of a fleet add up to one once every instance has its assignment.
 *
 * <p>Recomputed by {@link #update} when the assignment may have changed ({@link #rebalanced}) and
 * every ten seconds. Thread-safe; {@link #update} belongs to one thread (the fleet's).
 */
final class QuotaShare {

  private static final long EVERY_MS = 10_000;

  private final String topic;
  private final Clock clock;
  private final AtomicBoolean due = new AtomicBoolean();
  private volatile Supplier<? extends Collection<ThreadMetadata>> threads;
  private volatile int partitions = 1;
  private volatile double share = 1.0;
  private long at;

  QuotaShare(String topic, Clock clock) {
    this.topic = topic;
    this.clock = clock;
  }

  /** The request topic's partition count. */
  void partitions(int n) {
    this.partitions = Math.max(1, n);
  }

  /** Where the assignment comes from ({@code KafkaStreams::metadataForLocalThreads}). */
  void from(Supplier<? extends Collection<ThreadMetadata>> localThreads) {
    this.threads = localThreads;
    due.set(true);
  }

  /** The assignment may have changed. */
  void rebalanced() {
    due.set(true);
  }

  /** The share kept to now, in (0, 1]; 1 until the first assignment. */
  double share() {
    return share;
  }

  /** Recomputes the share when due: the new share when it changed, else empty. */
  OptionalDouble update() {
    Supplier<? extends Collection<ThreadMetadata>> source = threads;
    long now = clock.millis();
    if (source == null || (!due.getAndSet(false) && now - at < EVERY_MS)) {
      return OptionalDouble.empty();
    }
    at = now;
    double s;
    try {
      s = of(activePartitions(source.get()), topic, partitions);
    } catch (RuntimeException notRunning) {
      due.set(true); // Kafka Streams is not running yet: try again next time
      return OptionalDouble.empty();
    }
    if (s == share) {
      return OptionalDouble.empty();
    }
    share = s;
    return OptionalDouble.of(s);
  }

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
    Set<TopicPartition> all = new HashSet<>();
    threads.forEach(t -> t.activeTasks().forEach(task -> all.addAll(task.topicPartitions())));
    return all;
  }
}
