package dev.ballast.bench.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.ToLongFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * CPU time of another process's threads by kind, read from Linux {@code
 * /proc/<pid>/task/<tid>/stat} (fields 14 and 15, user and system time in clock ticks, assumed 100
 * per second) and {@code comm} (the thread name, cut to 15 characters): the JIT compiler threads,
 * the garbage collector's, RocksDB's background threads, the Kafka clients' network and heartbeat
 * threads ({@code kafka-}), the AWS SDK's threads (those that start calls, {@code
 * ballast-model-io}, the AWS Common Runtime's event loops, and response threads), Ballast's own
 * pools ({@code ballast-}), and the rest ({@code other}: the Kafka Streams threads, named after the
 * application id, and anything else). Empty where {@code /proc} is missing. Stateless; thread-safe.
 */
final class ThreadGroupsCpu {

  static final String JIT = "jit";
  static final String GC = "gc";
  static final String ROCKSDB = "rocksdb";
  static final String KAFKA = "kafka";
  static final String SDK = "sdk";
  static final String BALLAST = "ballast";
  static final String OTHER = "other";

  private static final long NANOS_PER_TICK = 10_000_000L;

  /** Threads named in {@link #byName}: the largest groups. */
  static final int TOP_NAMES = 12;

  private static final Pattern THREAD_LINE =
      Pattern.compile("^\"(.*)\" .*\\bnid=(0x[0-9a-fA-F]+|[0-9]+)\\b");
  private static final Pattern UUID =
      Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}-?");
  private static final Pattern NUMBERED = Pattern.compile("[-#]?[0-9]+$");

  private ThreadGroupsCpu() {}

  /**
   * Thread names by thread id from a {@code jcmd <pid> Thread.print} (or {@code jstack}) dump: the
   * quoted name and the {@code nid} (the Linux thread id, hex or decimal) of each thread.
   */
  static Map<Long, String> javaNames(String threadDump) {
    Map<Long, String> out = new HashMap<>();
    threadDump
        .lines()
        .forEach(
            line -> {
              Matcher m = THREAD_LINE.matcher(line);
              if (m.find()) {
                String nid = m.group(2);
                out.put(
                    nid.startsWith("0x")
                        ? Long.parseLong(nid.substring(2), 16)
                        : Long.parseLong(nid),
                    m.group(1));
              }
            });
    return out;
  }

  /**
   * A thread's group for {@link #byName}: its Java name without instance ids (UUIDs) and without a
   * trailing number, so that the threads of one pool count together ({@code ballast-call-3} →
   * {@code ballast-call-*}, {@code app-<uuid>-StreamThread-2} → {@code app-StreamThread-*}).
   */
  static String group(String javaName) {
    String g = UUID.matcher(javaName).replaceAll("");
    Matcher n = NUMBERED.matcher(g);
    return n.find() ? g.substring(0, n.start()) + "-*" : g;
  }

  /**
   * CPU used between two readings by group of thread names ({@link #group}), the {@link #TOP_NAMES}
   * largest, in percent of one core over {@code wallNanos}; threads missing from {@code names}
   * count under their {@code comm}.
   */
  static Map<String, Object> byName(
      Map<Long, Sample> before, Map<Long, Sample> after, long wallNanos, Map<Long, String> names) {
    Map<String, Object> out = new LinkedHashMap<>();
    if (wallNanos > 0) {
      largest(before, after, names, Sample::cpuNanos)
          .forEach((g, d) -> out.put(g, Units.round(d * 100.0 / wallNanos, 1)));
    }
    return out;
  }

  /**
   * Context switches between two readings by group of thread names ({@link #group}), the {@link
   * #TOP_NAMES} largest, largest first; threads missing from {@code names} count under their {@code
   * comm}.
   */
  static Map<String, Long> switchesByName(
      Map<Long, Sample> before, Map<Long, Sample> after, Map<Long, String> names) {
    return largest(before, after, names, Sample::switches);
  }

  private static Map<String, Long> largest(
      Map<Long, Sample> before,
      Map<Long, Sample> after,
      Map<Long, String> names,
      ToLongFunction<Sample> counter) {
    Map<String, Long> used = new HashMap<>();
    after.forEach(
        (tid, s) -> {
          Sample b = before.get(tid);
          long d = counter.applyAsLong(s) - (b == null ? 0 : counter.applyAsLong(b));
          if (d > 0) {
            used.merge(group(names.getOrDefault(tid, s.comm())), d, Long::sum);
          }
        });
    Map<String, Long> out = new LinkedHashMap<>();
    used.entrySet().stream()
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
        .limit(TOP_NAMES)
        .forEach(e -> out.put(e.getKey(), e.getValue()));
    return out;
  }

  /**
   * The kind of thread a {@code comm} name belongs to: {@link #JIT}, {@link #GC} or {@link #OTHER}.
   */
  static String kind(String comm) {
    String c = comm.trim();
    if (c.startsWith("C1 CompilerThre") || c.startsWith("C2 CompilerThre")) {
      return JIT;
    }
    if (c.startsWith("GC Thread")
        || c.startsWith("G1 ")
        || c.startsWith("VM Thread")
        || c.startsWith("ParGC")) {
      return GC;
    }
    if (c.startsWith("rocksdb")) {
      return ROCKSDB;
    }
    if (c.startsWith("kafka-")) {
      return KAFKA;
    }
    // ballast-model-io: the threads that start calls (Linux keeps 15 chars); AwsEventLoop and
    // AwsHostResolver: the AWS Common Runtime's native threads, which carry and answer them
    if (c.startsWith("aws-java-sdk")
        || c.startsWith("sdk-")
        || c.startsWith("ballast-model-i")
        || c.startsWith("AwsEventLoop")
        || c.startsWith("AwsHostResolver")) {
      return SDK;
    }
    if (c.startsWith("ballast-")) {
      return BALLAST;
    }
    return OTHER;
  }

  /**
   * Accumulated CPU nanoseconds of each of {@code pid}'s live threads, by thread id, with the
   * thread's kind; empty when unreadable.
   */
  static Map<Long, Sample> read(long pid) {
    Map<Long, Sample> out = new LinkedHashMap<>();
    Path tasks = Path.of("/proc", Long.toString(pid), "task");
    try (Stream<Path> ts = Files.list(tasks)) {
      ts.forEach(
          t -> {
            try {
              String stat = Files.readString(t.resolve("stat"));
              String comm = Files.readString(t.resolve("comm"));
              long switches = switches(Files.readString(t.resolve("status")));
              out.put(
                  Long.parseLong(t.getFileName().toString()),
                  new Sample(kind(comm), ticks(stat) * NANOS_PER_TICK, comm.trim(), switches));
            } catch (IOException | RuntimeException e) {
              // the thread ended meanwhile
            }
          });
    } catch (IOException e) {
      return Map.of();
    }
    return out;
  }

  /**
   * One thread's reading.
   *
   * @param kind {@link #JIT}, {@link #GC} or {@link #OTHER}
   * @param cpuNanos its accumulated CPU time
   * @param comm its {@code comm} name (the first 15 characters of its name)
   * @param switches its context switches so far, voluntary (it waited: a lock, a queue, a poll) and
   *     not; each voluntary one is a wake-up later
   */
  record Sample(String kind, long cpuNanos, String comm, long switches) {

    /** A reading without context switches. */
    Sample(String kind, long cpuNanos, String comm) {
      this(kind, cpuNanos, comm, 0);
    }
  }

  /**
   * Context switches between two readings, summed over the threads alive at the second (a thread
   * started meanwhile counts from zero; one that ended is missing).
   */
  static long switches(Map<Long, Sample> before, Map<Long, Sample> after) {
    long sum = 0;
    for (Map.Entry<Long, Sample> e : after.entrySet()) {
      Sample b = before.get(e.getKey());
      sum += e.getValue().switches() - (b == null ? 0 : b.switches());
    }
    return sum;
  }

  /**
   * {@code voluntary_ctxt_switches} plus {@code nonvoluntary_ctxt_switches} of a {@code
   * /proc/<pid>/task/<tid>/status} text; 0 when absent.
   */
  static long switches(String status) {
    long sum = 0;
    for (String line : status.split("\n")) {
      if (line.startsWith("voluntary_ctxt_switches:")
          || line.startsWith("nonvoluntary_ctxt_switches:")) {
        sum += Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
      }
    }
    return sum;
  }

  /** User + system clock ticks from a {@code stat} line (the name may contain spaces). */
  static long ticks(String stat) {
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
    // after "pid (comm) ", field 3 (state) is f[0]; utime is field 14 -> f[11], stime f[12]
    return Long.parseLong(f[11]) + Long.parseLong(f[12]);
  }

  /**
   * CPU used between two readings by kind, in percent of one core over {@code wallNanos}: threads
   * alive at both readings count their difference, threads started in between all of their time.
   * Threads that ended in between are missing (their time is in the process's total only).
   */
  static Map<String, Object> pctOfOneCore(
      Map<Long, Sample> before, Map<Long, Sample> after, long wallNanos) {
    Map<String, Object> out = new LinkedHashMap<>();
    if (after.isEmpty() || wallNanos <= 0) {
      return out;
    }
    Map<String, Long> used = new LinkedHashMap<>();
    for (String k : new String[] {JIT, GC, ROCKSDB, KAFKA, SDK, BALLAST, OTHER}) {
      used.put(k, 0L);
    }
    after.forEach(
        (tid, s) -> {
          Sample b = before.get(tid);
          long d = s.cpuNanos() - (b == null ? 0 : b.cpuNanos());
          used.merge(s.kind(), Math.max(0, d), Long::sum);
        });
    used.forEach((k, d) -> out.put(k, Units.round(d * 100.0 / wallNanos, 1)));
    return out;
  }
}
