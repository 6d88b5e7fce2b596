package dev.ballast.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ballast.broker.EmbeddedKafkaBroker;
import dev.ballast.client.BallastClient;
import dev.ballast.schemas.InferenceConfig;
import dev.ballast.schemas.InferenceRequest;
import dev.ballast.schemas.InferenceResult;
import dev.ballast.schemas.Message;
import dev.ballast.schemas.Role;
import dev.ballast.schemas.Topic;
import dev.ballast.schemas.Topics;
import dev.ballast.simulator.Distribution;
import dev.ballast.simulator.RegionConfig;
import dev.ballast.simulator.Scenario;
import dev.ballast.simulator.Simulator;
import dev.ballast.testkit.Await;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crash safety of the real command: {@code ballast run} in its own JVM is killed with SIGKILL
 * several times while 10,000 requests are answered, and restarted each time on the same state
 * directory. Afterwards the results topic, read from the start with {@code read_committed}, holds
 * exactly one result per request id: none lost, none repeated, none unknown.
 *
 * <p>The broker and the simulator run in the test JVM; the pipeline process uses static membership
 * ({@code group.instance.id}) so a restart takes its partitions back without waiting out the
 * session timeout.
 */
class CrashIT {

  private static final int COUNT = 10_000;
  private static final double[] KILL_AT = {0.15, 0.45, 0.75};
  private static final double SEND_RATE = 1_000;
  private static final String PREFIX = "crash.";
  private static final String MODEL = "anthropic.claude-3-haiku-20240307-v1:0";

  @Test
  void shouldCommitExactlyOneResultPerRequestWhenThePipelineIsKilledRepeatedly(@TempDir Path dir)
      throws Exception {
    Scenario scenario =
        Scenario.of(RegionConfig.named("us-east-1").withLatency(Distribution.uniform(20, 200)));
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start();
        Simulator simulator = Simulator.start(scenario)) {
      // given
      Path config = writeConfig(dir, broker.bootstrapServers(), simulator.uri().toString());
      ChildPipeline child = new ChildPipeline(config, dir.resolve("pipeline.log"));
      Topics topics = Topics.withPrefix(PREFIX);
      Map<String, AtomicInteger> seen = new ConcurrentHashMap<>();
      AtomicInteger liveDuplicates = new AtomicInteger();
      AtomicBoolean stop = new AtomicBoolean();
      List<String> kills = new ArrayList<>();
      try (BallastClient client = BallastClient.create(broker.bootstrapServers(), topics)) {
        child.start();
        Await.until(
            Duration.ofSeconds(90),
            "the pipeline process to run",
            () -> child.logContains("Ballast pipeline running"),
            child::describe);
        Thread reader = thread("crash-results", () -> read(client, seen, liveDuplicates, stop));
        Thread producer = thread("crash-producer", () -> produce(client));

        // when
        for (double at : KILL_AT) {
          int threshold = (int) (COUNT * at);
          Await.until(
              Duration.ofSeconds(90),
              threshold + " results before kill " + (kills.size() + 1),
              () -> seen.size() >= threshold,
              () -> seen.size() + " results; " + child.describe());
          int before = seen.size();
          child.kill();
          long restarted = System.nanoTime();
          child.start();
          Await.until(
              Duration.ofSeconds(90),
              "the pipeline process to run again after kill " + (kills.size() + 1),
              () -> child.logContains("Ballast pipeline running"),
              () -> seen.size() + " results; " + child.describe());
          kills.add(
              String.format(
                  "kill -9 at %d results, running again after %d ms",
                  before, (System.nanoTime() - restarted) / 1_000_000));
        }
        producer.join(TimeUnit.SECONDS.toMillis(60));
        Await.until(
            Duration.ofSeconds(120),
            "all " + COUNT + " results",
            () -> seen.size() >= COUNT,
            () -> seen.size() + " results; " + child.describe());
        child.stop();
        stop.set(true);
        reader.join(10_000);

        // then
        Map<String, Integer> committed = readAllResults(broker.bootstrapServers(), topics);
        System.out.println("CrashIT: " + String.join("; ", kills));
        child.linesContaining("re-issuing").forEach(l -> System.out.println("CrashIT: " + l));
        Set<String> sent = ids();
        List<String> missing = sent.stream().filter(id -> !committed.containsKey(id)).toList();
        List<String> unknown =
            committed.keySet().stream().filter(id -> !sent.contains(id)).sorted().toList();
        Map<String, Integer> repeated =
            committed.entrySet().stream()
                .filter(e -> e.getValue() > 1)
                .collect(
                    Collectors.toMap(
                        Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a, TreeMap::new));
        assertThat(kills).hasSize(KILL_AT.length);
        assertThat(missing).as("request ids without a committed result").isEmpty();
        assertThat(repeated).as("request ids with more than one committed result").isEmpty();
        assertThat(unknown).as("results for ids never sent").isEmpty();
        assertThat(committed).hasSize(COUNT);
        assertThat(liveDuplicates.get()).as("duplicates seen while running").isZero();
      } catch (Exception | AssertionError e) {
        throw new AssertionError(
            e.getMessage() + "\n--- pipeline process log (tail) ---\n" + child.logTail(80), e);
      } finally {
        stop.set(true);
        child.kill();
      }
    }
  }

  private static Path writeConfig(Path dir, String bootstrap, String simulatorUri)
      throws IOException {
    String yaml =
        String.join(
            "\n",
            "bootstrap.servers: " + bootstrap,
            "application.id: crash-it",
            "topic.prefix: " + PREFIX,
            "topic.partitions: 4",
            "stream.threads: 2",
            "state.dir: " + dir.resolve("state"),
            "routes:",
            "  default:",
            "    endpoints:",
            "      - provider: bedrock",
            "        model: " + MODEL,
            "        region: us-east-1",
            "        endpoint: " + simulatorUri,
            "        credentials: none",
            "streams:",
            "  group.instance.id: crash-it-instance",
            "");
    Path file = dir.resolve("ballast.yaml");
    Files.writeString(file, yaml);
    return file;
  }

  private static String id(int n) {
    return String.format("crash-%05d", n);
  }

  private static Set<String> ids() {
    Set<String> ids = new java.util.HashSet<>();
    for (int i = 0; i < COUNT; i++) {
      ids.add(id(i));
    }
    return ids;
  }

  private static void produce(BallastClient client) {
    long interval = (long) (1_000_000_000L / SEND_RATE);
    long next = System.nanoTime();
    for (int i = 0; i < COUNT; i++) {
      long wait = next - System.nanoTime();
      if (wait > 0) {
        LockSupport.parkNanos(wait);
      }
      next += interval;
      client.submit(
          InferenceRequest.newBuilder()
              .setId(id(i))
              .setRoute("default")
              .setMessages(List.of(new Message(Role.USER, "Summarize order " + i + " briefly.")))
              .setInference(InferenceConfig.newBuilder().setMaxTokens(64).build())
              .setSubmittedAt(Instant.now())
              .build());
    }
    client.flush();
  }

  private static void read(
      BallastClient client,
      Map<String, AtomicInteger> seen,
      AtomicInteger duplicates,
      AtomicBoolean stop) {
    try (BallastClient.Results results = client.results(true)) {
      while (!stop.get()) {
        for (InferenceResult r : results.poll(Duration.ofMillis(50))) {
          if (seen.computeIfAbsent(r.getId(), k -> new AtomicInteger()).incrementAndGet() > 1) {
            duplicates.incrementAndGet();
          }
        }
      }
    }
  }

  /** Every committed result on the topic, counted by request id, read up to the stable end. */
  private static Map<String, Integer> readAllResults(String bootstrap, Topics topics) {
    Topic<String, InferenceResult> t = topics.results();
    Map<String, Object> props =
        Map.of(
            "bootstrap.servers", bootstrap,
            "isolation.level", "read_committed",
            "enable.auto.commit", "false",
            "max.poll.records", "2000");
    Map<String, Integer> counts = new TreeMap<>();
    try (KafkaConsumer<String, InferenceResult> consumer =
        new KafkaConsumer<>(props, t.keySerde().deserializer(), t.valueSerde().deserializer())) {
      List<TopicPartition> partitions = new ArrayList<>();
      for (PartitionInfo p : consumer.partitionsFor(t.name(), Duration.ofSeconds(30))) {
        partitions.add(new TopicPartition(t.name(), p.partition()));
      }
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      Await.until(
          Duration.ofSeconds(60),
          "the results topic read to its end",
          () -> {
            for (ConsumerRecord<String, InferenceResult> r :
                consumer.poll(Duration.ofMillis(100))) {
              String id =
                  r.value() == null ? "(null value, key " + r.key() + ")" : r.value().getId();
              counts.merge(id, 1, Integer::sum);
            }
            return partitions.stream().allMatch(p -> consumer.position(p) >= end.get(p));
          });
    }
    return counts;
  }

  private static Thread thread(String name, Runnable body) {
    Thread t = new Thread(body, name);
    t.setDaemon(true);
    t.start();
    return t;
  }

  /** The pipeline as a separate JVM: {@code ballast run --config FILE}, logs appended to a file. */
  private static final class ChildPipeline {
    private final Path config;
    private final Path log;
    private Process process;
    private int starts;

    ChildPipeline(Path config, Path log) {
      this.config = config;
      this.log = log;
    }

    void start() throws IOException {
      String classpath =
          System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
      String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      starts++;
      Files.writeString(
          log,
          "=== start " + starts + " ===\n",
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
      process =
          new ProcessBuilder(
                  javaBin,
                  "-Xmx512m",
                  "-cp",
                  classpath,
                  "dev.ballast.cli.BallastCli",
                  "run",
                  "--config",
                  config.toString())
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
              .start();
    }

    /** SIGKILL, and wait until the process is gone. */
    void kill() throws InterruptedException {
      if (process != null && process.isAlive()) {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
      }
    }

    /** SIGTERM: the shutdown hook closes the pipeline cleanly. */
    void stop() throws InterruptedException {
      process.destroy();
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        throw new AssertionError("the pipeline process did not stop within 60 s of SIGTERM");
      }
    }

    boolean logContains(String text) {
      try {
        String all = Files.readString(log);
        int lastStart = all.lastIndexOf("=== start ");
        return all.indexOf(text, Math.max(0, lastStart)) >= 0;
      } catch (IOException e) {
        return false;
      }
    }

    String describe() {
      return "pipeline process "
          + (process == null ? "not started" : process.isAlive() ? "alive" : "exited")
          + ", start "
          + starts;
    }

    List<String> linesContaining(String text) {
      try {
        return Files.readAllLines(log).stream().filter(l -> l.contains(text)).toList();
      } catch (IOException e) {
        return List.of();
      }
    }

    String logTail(int lines) {
      try {
        List<String> all = Files.readAllLines(log);
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
      } catch (IOException e) {
        return "(cannot read " + log + ": " + e + ")";
      }
    }
  }
}
