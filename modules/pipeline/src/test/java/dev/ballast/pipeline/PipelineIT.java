package dev.ballast.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ballast.pipeline.internal.BallastHeaders;
import dev.ballast.schemas.AvroSerde;
import dev.ballast.schemas.InferenceRequest;
import dev.ballast.schemas.InferenceResult;
import dev.ballast.schemas.Outcome;
import dev.ballast.schemas.Status;
import dev.ballast.simulator.ErrorType;
import dev.ballast.simulator.FaultRule;
import dev.ballast.simulator.Simulator;
import dev.ballast.testkit.Await;
import dev.ballast.testkit.KafkaCluster;
import dev.ballast.testkit.KafkaExtension;
import dev.ballast.testkit.SimulatorExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Requests through the real broker, the real AWS SDK and the simulator. */
@ExtendWith({KafkaExtension.class, SimulatorExtension.class})
class PipelineIT {

  private static final Duration WAIT = Duration.ofSeconds(60);

  @Test
  void shouldAnswerEveryRequestWhenModelIsHealthy(
      KafkaCluster kafka, Simulator sim, @TempDir Path state) {
    try (PipelineFixture f = new PipelineFixture(kafka, sim, state).start()) {
      // given
      List<String> ids = IntStream.range(0, 50).mapToObj(i -> "ok-" + i).toList();

      // when
      ids.forEach(id -> f.submit(PipelineFixture.request(id)));
      Map<String, InferenceResult> results = f.awaitResults(ids, WAIT);

      // then
      assertThat(results.values())
          .allSatisfy(
              r -> {
                assertThat(r.getStatus()).isEqualTo(Status.SUCCEEDED);
                assertThat(r.getText()).isNotBlank();
                assertThat(r.getServedBy().getModel()).isEqualTo(PipelineFixture.MODEL);
                assertThat(r.getAttempts()).hasSize(1);
                assertThat(r.getAttempts().get(0).getProviderRequestId()).isNotBlank();
                assertThat(r.getUsage().getInputTokens()).isPositive();
                assertThat(r.getUsage().getOutputTokens()).isPositive();
              });
      assertThat(f.allResults().values()).allSatisfy(list -> assertThat(list).hasSize(1));
      ids.forEach(
          id -> assertThat(sim.stats().callsFor(id)).as("HTTP calls for %s", id).isEqualTo(1));
    }
  }

  @Test
  void shouldStopEveryThreadWhenClosedThoughKafkaStreamsWouldLetItPollForAnHour(
      KafkaCluster kafka, Simulator sim, @TempDir Path state) {
    // given: threads that Kafka Streams lets wait an hour in a poll (the GlobalStreamThread's
    // consumer has no group heartbeat to end it sooner), after a request shows the app works
    try (PipelineFixture f =
        new PipelineFixture(kafka, sim, state, b -> b.stream("poll.ms", "3600000")).start()) {
      f.submit(PipelineFixture.request("close-1"));
      assertThat(f.awaitResults(List.of("close-1"), WAIT).get("close-1").getStatus())
          .isEqualTo(Status.SUCCEEDED);
      Pipeline pipeline = f.pipeline();

      // when: Kafka Streams waits 30 s at most for its threads to stop
      f.stop();

      // then: every thread stopped within that bound
      assertThat(pipeline.state()).isEqualTo(KafkaStreams.State.NOT_RUNNING);
    }
  }

  @Test
  void shouldCreateTheCacheTopicToKeepAnswersAsLongAsTheyMayBeServed(
      KafkaCluster kafka, Simulator sim, @TempDir Path state) throws Exception {
    // given answers that may be served stale for 2 h
    try (PipelineFixture f =
            new PipelineFixture(kafka, sim, state, b -> b.put(ConfigKeys.CACHE_TTL, "2h")).start();
        Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
      // when
      ConfigResource cache =
          new ConfigResource(ConfigResource.Type.TOPIC, f.config.topics().cache().name());
      Config config =
          admin.describeConfigs(List.of(cache)).all().get(30, TimeUnit.SECONDS).get(cache);

      // then the topic keeps 2 h of answers, the latest per question
      assertThat(config.get("retention.ms").value()).isEqualTo("7200000");
      assertThat(config.get("cleanup.policy").value()).isEqualTo("compact,delete");
    }
  }

  @Test
  void shouldRefuseToStartOnAMissingTopicWithTheTopicCheckOwnError(
      KafkaCluster kafka, Simulator sim, @TempDir Path state) {
    // given: topics that do not exist and may not be created (checked on a thread of its own
    // while the model clients are built)
    try (PipelineFixture f =
        new PipelineFixture(kafka, sim, state, b -> b.put(ConfigKeys.TOPIC_CREATE, false))) {

      // when / then: the topic check's own error, as it was thrown
      assertThatThrownBy(() -> Pipeline.start(f.config))
          .isInstanceOf(ConfigException.class)
          .hasMessageContaining(
              "topic '" + f.config.topics().requests().name() + "' does not exist")
          .hasMessageContaining("topic.create is false");
    }
  }

  @Test
  void shouldFailWithReasonWhenProviderDeniesAccess(
      KafkaCluster kafka, Simulator sim, @TempDir Path state) {
    try (PipelineFixture f = new PipelineFixture(kafka, sim, state).start()) {
      // given
      sim.inject(FaultRule.forRequest("denied-1").error(ErrorType.ACCESS_DENIED));

      // when
      f.submit(PipelineFixture.request("denied-1"));
      f.submit(PipelineFixture.request("allowed-1"));
      Map<String, InferenceResult> results = f.awaitResults(List.of("denied-1", "allowed-1"), WAIT);

      // then
      InferenceResult denied = results.get("denied-1");
      assertThat(denied.getStatus()).isEqualTo(Status.FAILED);
      assertThat(denied.getError().getCode()).isEqualTo("ACCESS_DENIED");
      assertThat(denied.getError().getMessage()).contains("You don't have access to the model");
      assertThat(denied.getAttempts())
          .singleElement()
          .satisfies(
              a -> {
                assertThat(a.getOutcome()).isEqualTo(Outcome.UNAVAILABLE);
                assertThat(a.getErrorCode()).isEqualTo("AccessDeniedException");
              });
      assertThat(results.get("allowed-1").getStatus()).isEqualTo(Status.SUCCEEDED);
      List<ConsumerRecord<String, byte[]>> dlq = readDlq(f, 1);
      assertThat(dlq.get(0).key()).isEqualTo("denied-1");
      assertThat(BallastHeaders.string(dlq.get(0).headers(), BallastHeaders.REASON_CODE))
          .isEqualTo("ACCESS_DENIED");
      assertThat(AvroSerde.of(InferenceRequest.class).decode(dlq.get(0).value(), "dlq").getId())
          .isEqualTo("denied-1");
    }
  }

  @Test
  void shouldDeadLetterUndecodableRecordsAndAnswerEveryGoodOne(
      KafkaCluster kafka, Simulator sim, @TempDir Path state) {
    try (PipelineFixture f = new PipelineFixture(kafka, sim, state).start();
        KafkaProducer<String, byte[]> raw =
            new KafkaProducer<>(
                kafka.clientProperties(), new StringSerializer(), new ByteArraySerializer())) {
      // given
      AvroSerde<InferenceRequest> serde = AvroSerde.of(InferenceRequest.class);
      List<String> good = new ArrayList<>();
      List<String> bad = new ArrayList<>();

      // when: 10 undecodable records among 100 good ones
      for (int i = 0; i < 110; i++) {
        if (i % 11 == 5) {
          String id = "bad-" + i;
          bad.add(id);
          raw.send(
              new ProducerRecord<>(
                  f.config.topics().requests().name(),
                  id,
                  ("{\"id\":\"" + id + "\"}").getBytes(StandardCharsets.UTF_8)));
        } else {
          String id = "good-" + i;
          good.add(id);
          raw.send(
              new ProducerRecord<>(
                  f.config.topics().requests().name(),
                  id,
                  serde.encode(PipelineFixture.request(id))));
        }
      }
      raw.flush();
      List<String> all = new ArrayList<>(good);
      all.addAll(bad);
      Map<String, InferenceResult> results = f.awaitResults(all, WAIT);

      // then
      assertThat(bad).hasSize(10);
      assertThat(good)
          .hasSize(100)
          .allSatisfy(id -> assertThat(results.get(id).getStatus()).isEqualTo(Status.SUCCEEDED));
      assertThat(bad)
          .allSatisfy(
              id -> {
                assertThat(results.get(id).getStatus()).isEqualTo(Status.FAILED);
                assertThat(results.get(id).getError().getCode()).isEqualTo("UNDECODABLE_REQUEST");
              });
      List<ConsumerRecord<String, byte[]>> dlq = readDlq(f, 10);
      assertThat(dlq).extracting(ConsumerRecord::key).containsExactlyInAnyOrderElementsOf(bad);
      assertThat(dlq)
          .allSatisfy(
              r -> {
                assertThat(new String(r.value(), StandardCharsets.UTF_8))
                    .isEqualTo("{\"id\":\"" + r.key() + "\"}");
                assertThat(BallastHeaders.string(r.headers(), BallastHeaders.REASON_CODE))
                    .isEqualTo("UNDECODABLE_REQUEST");
                assertThat(BallastHeaders.string(r.headers(), BallastHeaders.SOURCE_TOPIC))
                    .isEqualTo(f.config.topics().requests().name());
              });
      assertThat(f.pipeline().state())
          .isEqualTo(org.apache.kafka.streams.KafkaStreams.State.RUNNING);
    }
  }

  static List<ConsumerRecord<String, byte[]>> readDlq(PipelineFixture f, int expected) {
    List<ConsumerRecord<String, byte[]>> out = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(
            f.kafka.clientProperties(
                Map.of(
                    "group.id",
                    "dlq-" + System.nanoTime(),
                    "auto.offset.reset",
                    "earliest",
                    "isolation.level",
                    "read_committed")),
            new StringDeserializer(),
            new ByteArrayDeserializer())) {
      consumer.subscribe(List.of(f.config.topics().dlq().name()));
      Await.until(
          WAIT,
          expected + " dead letters",
          () -> {
            consumer.poll(Duration.ofMillis(100)).forEach(out::add);
            return out.size() >= expected;
          });
    }
    return out;
  }
}
