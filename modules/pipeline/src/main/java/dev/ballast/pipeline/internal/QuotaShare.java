package dev.ballast.pipeline.internal;

import java.time.Clock;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.IntSupplier;
import java.util.function.Supplier;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.ThreadMetadata;

/**
 * This instance's share of an account's quota, split by the fleet's live members: {@code own / (own
 * + the partitions every other live instance owns)}, where {@code own} is the number of the online
 * request topic's partitions this instance's active tasks own (as Kafka Streams assigned them:
 * requests are spread over partitions by key, so an instance's share of the work follows its
 * partitions). The others' counts come from their {@code MEMBER} heartbeats on the endpoints topic
 * ({@link FleetState}); an instance is live while heard from within {@value #LIVE_MS} ms.
 *
 * <p>So the shares of the live instances add up to one at all times (up to the time a heartbeat
 * takes to arrive): when an instance dies, the others take over its share within {@value #LIVE_MS}
 * ms and their next {@link #tick} (at most a heartbeat later), although its partitions stay
 * assigned to it until the group's session timeout (nobody serves them meanwhile, so their quota is
 * the live instances'); when it comes back with the same partitions (static membership), its first
 * heartbeat gives them back. An instance that owns no partitions (starting, or more instances than
 * partitions) keeps the share of one more partition beside the live ones', {@code 1 / (others +
 * 1)}: an admission budget cannot be zero, and it has no online work to spend it on. The admission
 * spends a share in fleet units ({@code MinuteBudgets}), so a share that changes frees or takes no
 * budget at once.
 *
 * <p>{@link #tick} belongs to the fleet's thread, {@link #heard} to the thread reading the topic
 * (the starting thread, then the fleet's); {@link #share} is thread-safe.
 */
final class QuotaShare {

  /** How often an instance says it is alive (and, at its next tick, when its partitions change). */
  static final long HEARTBEAT_MS = 1000;

  /** An instance not heard from for longer is dead: three heartbeats. */
  static final long LIVE_MS = 3 * HEARTBEAT_MS;

  private static final long FORGET_MS = 600_000;

  /** What another instance last said: its partitions and the fleet's use as it saw it. */
  private record Member(int owned, long heardAtMs, Map<String, double[]> used) {}

  /** What {@link #tick} found: whether to send a heartbeat now, and the share. */
  record Tick(boolean beat, int owned, double share, boolean changed) {}

  private final String me;
  private final String topic;
  private final Clock clock;
  private final Map<String, Member> others = new HashMap<>();
  private volatile IntSupplier ownedNow;
  private volatile int partitions = 1;
  private volatile double share = 1.0;
  private int own;
  private long lastBeat = Long.MIN_VALUE / 2;

  QuotaShare(String me, String topic, Clock clock) {
    this.me = me;
    this.topic = topic;
    this.clock = clock;
  }

  /** The request topic's partition count. */
  void partitions(int n) {
    this.partitions = Math.max(1, n);
  }

  /** Where the assignment comes from ({@code KafkaStreams::metadataForLocalThreads}). */
  void from(Supplier<? extends Collection<ThreadMetadata>> localThreads) {
    ownedBy(() -> owned(activePartitions(localThreads.get()), topic, partitions));
  }

  /**
   * How many request partitions this instance owns now; may throw while Kafka Streams is not
   * running.
   */
  void ownedBy(IntSupplier owned) {
    this.ownedNow = owned;
  }

  /**
   * Another instance's heartbeat, heard at {@code heardAtMs} (this instance's clock, or the
   * record's log time while catching up); this instance's own are ignored.
   *
   * @param used per endpoint id, the fleet's use of its budgets per second as that instance saw it
   *     (fractions, newest second first)
   */
  synchronized void heard(String instance, int owned, long heardAtMs, Map<String, double[]> used) {
    if (!instance.equals(me)) {
      others.put(instance, new Member(Math.max(0, owned), heardAtMs, Map.copyOf(used)));
    }
  }

  /** The share kept to now, in (0, 1]; 1 until the first {@link #tick}. */
  double share() {
    return share;
  }

  /**
   * Per endpoint id, the fleet's use of its budgets per second over the last minute as the live
   * instance that saw the most reported it: what an instance that joins assumes.
   */
  synchronized Map<String, double[]> usedByLiveFleet() {
    long now = clock.millis();
    Map<String, double[]> out = new HashMap<>();
    for (Member m : others.values()) {
      if (now - m.heardAtMs() <= LIVE_MS) {
        m.used().forEach((endpoint, f) -> out.merge(endpoint, f, QuotaShare::larger));
      }
    }
    return out;
  }

  /** The profile of the two that adds up to more. */
  static double[] larger(double[] a, double[] b) {
    return sum(b) > sum(a) ? b : a;
  }

  static double sum(double[] a) {
    double s = 0;
    for (double v : a) {
      s += v;
    }
    return s;
  }

  /**
   * Milliseconds until the next heartbeat is due, in [1, {@value #HEARTBEAT_MS}]: how long the
   * fleet's thread may wait for records before it must {@link #tick} again.
   */
  synchronized long untilBeatMs() {
    long left = lastBeat + HEARTBEAT_MS - clock.millis();
    return Math.max(1, Math.min(HEARTBEAT_MS, left));
  }

  /** Reads this instance's partitions and recomputes the share. */
  synchronized Tick tick() {
    long now = clock.millis();
    int o = own;
    IntSupplier source = ownedNow;
    if (source != null) {
      try {
        o = source.getAsInt();
      } catch (RuntimeException notRunning) {
        // Kafka Streams is not running yet: keep what was known
      }
    }
    boolean beat = o != own || now - lastBeat >= HEARTBEAT_MS;
    own = o;
    if (beat) {
      lastBeat = now;
    }
    int live = 0;
    for (var it = others.values().iterator(); it.hasNext(); ) {
      Member m = it.next();
      if (now - m.heardAtMs() <= LIVE_MS) {
        live += m.owned();
      } else if (now - m.heardAtMs() > FORGET_MS) {
        it.remove();
      }
    }
    double s = of(o, live);
    boolean changed = s != share;
    share = s;
    return new Tick(beat, o, s, changed);
  }

  /**
   * The share of an instance owning {@code own} partitions beside live instances owning {@code
   * others} in all, in (0, 1]: {@code own / (own + others)}, or {@code 1 / (others + 1)} when it
   * owns none.
   *
   * @throws IllegalArgumentException when a count is negative
   */
  static double of(int own, int others) {
    if (own < 0 || others < 0) {
      throw new IllegalArgumentException("counts must be >= 0, were " + own + ", " + others);
    }
    return Math.max(1, own) / (double) (Math.max(1, own) + others);
  }

  /** How many of {@code partitions} partitions of {@code topic} are among {@code owned}. */
  static int owned(Collection<TopicPartition> owned, String topic, int partitions) {
    Set<Integer> mine = new TreeSet<>();
    for (TopicPartition tp : owned) {
      if (tp.topic().equals(topic) && tp.partition() < partitions) {
        mine.add(tp.partition());
      }
    }
    return mine.size();
  }

  /** The input partitions of every active task of this instance's stream threads. */
  static Set<TopicPartition> activePartitions(Collection<ThreadMetadata> threads) {
    Set<TopicPartition> all = new HashSet<>();
    threads.forEach(t -> t.activeTasks().forEach(task -> all.addAll(task.topicPartitions())));
    return all;
  }
}
