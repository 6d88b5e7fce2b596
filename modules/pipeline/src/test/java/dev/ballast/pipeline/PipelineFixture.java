package dev.ballast.pipeline;

import dev.ballast.client.BallastClient;
import dev.ballast.modelclient.Credentials;
import dev.ballast.modelclient.Endpoint;
import dev.ballast.modelclient.Provider;
import dev.ballast.schemas.InferenceRequest;
import dev.ballast.schemas.InferenceResult;
import dev.ballast.schemas.Message;
import dev.ballast.schemas.Role;
import dev.ballast.simulator.Simulator;
import dev.ballast.testkit.Await;
import dev.ballast.testkit.KafkaCluster;
import dev.ballast.testkit.TestTopics;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

/**
 * A pipeline on the real broker calling the simulator, with a client: what every pipeline {@code
 * *IT} needs. Each fixture uses its own topic prefix and application id.
 */
final class PipelineFixture implements AutoCloseable {

  static final String MODEL = "anthropic.claude-3-haiku-20240307-v1:0";

  final KafkaCluster kafka;
  final Simulator simulator;
  final BallastConfig config;
  final BallastClient client;
  private Pipeline pipeline;
  private BallastClient.Results reader;
  private final Map<String, List<InferenceResult>> results = new ConcurrentHashMap<>();

  PipelineFixture(KafkaCluster kafka, Simulator simulator, Path stateDir) {
    this(kafka, simulator, stateDir, b -> b);
  }

  PipelineFixture(
      KafkaCluster kafka,
      Simulator simulator,
      Path stateDir,
      UnaryOperator<BallastConfig.Builder> customize) {
    this.kafka = kafka;
    this.simulator = simulator;
    String prefix = TestTopics.uniquePrefix("it");
    BallastConfig.Builder b =
        BallastConfig.builder()
            .put(ConfigKeys.BOOTSTRAP_SERVERS, kafka.bootstrapServers())
            .put(ConfigKeys.APPLICATION_ID, prefix + "app")
            .put(ConfigKeys.TOPIC_PREFIX, prefix)
            .put(ConfigKeys.TOPIC_PARTITIONS, 2)
            .put(ConfigKeys.STATE_DIR, stateDir.toString())
            .route(
                RouteConfig.of(
                    "default",
                    new EndpointConfig(
                        new Endpoint(Provider.BEDROCK, MODEL, "us-east-1", simulator.uri()),
                        Credentials.NONE)));
    this.config = customize.apply(b).build();
    this.client = BallastClient.create(kafka.bootstrapServers(), config.topics());
  }

  PipelineFixture start() {
    pipeline = Pipeline.start(config).awaitRunning(Duration.ofSeconds(60));
    return this;
  }

  Pipeline pipeline() {
    return pipeline;
  }

  /** Stops the pipeline (clean shutdown), keeping topics and state. */
  void stop() {
    if (pipeline != null) {
      pipeline.close();
      pipeline = null;
    }
  }

  static InferenceRequest request(String id) {
    return InferenceRequest.newBuilder()
        .setId(id)
        .setRoute("default")
        .setSystem("Answer briefly.")
        .setMessages(List.of(new Message(Role.USER, "What is the capital of France?")))
        .setSubmittedAt(Instant.now())
        .build();
  }

  void submit(InferenceRequest request) {
    client.submit(request);
  }

  /** Waits until every id has a result; returns them by id (first result each). */
  Map<String, InferenceResult> awaitResults(Collection<String> ids, Duration timeout) {
    if (reader == null) {
      reader = client.results(true);
    }
    Await.until(
        timeout,
        ids.size() + " results",
        () -> {
          for (InferenceResult r : reader.poll(Duration.ofMillis(50))) {
            results.computeIfAbsent(r.getId(), k -> new ArrayList<>()).add(r);
          }
          return results.keySet().containsAll(ids);
        },
        () -> "missing: " + ids.stream().filter(id -> !results.containsKey(id)).limit(20).toList());
    Map<String, InferenceResult> out = new java.util.HashMap<>();
    ids.forEach(id -> out.put(id, results.get(id).get(0)));
    return out;
  }

  /**
   * Reads the whole results topic (committed records only) with a fresh consumer and counts the
   * results of each id. Call it with the pipeline stopped to see everything it ever wrote.
   */
  Map<String, Integer> committedResultCounts() {
    Map<String, Integer> counts = new java.util.TreeMap<>();
    try (BallastClient.Results all = client.results(true)) {
      int[] idle = {0};
      Await.until(
          Duration.ofSeconds(30),
          "the end of the results topic",
          () -> {
            List<InferenceResult> batch = all.poll(Duration.ofMillis(200));
            batch.forEach(r -> counts.merge(r.getId(), 1, Integer::sum));
            idle[0] = batch.isEmpty() ? idle[0] + 1 : 0;
            return idle[0] >= 5;
          });
    }
    return counts;
  }

  /** Every result received so far per id (more than one means a duplicate). */
  Map<String, List<InferenceResult>> allResults() {
    return results;
  }

  @Override
  public void close() {
    if (reader != null) {
      reader.close();
    }
    client.close();
    stop();
  }
}
