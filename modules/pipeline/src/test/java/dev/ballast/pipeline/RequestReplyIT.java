package dev.ballast.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ballast.client.BallastClient;
import dev.ballast.client.BallastClientException;
import dev.ballast.client.CallTimeoutException;
import dev.ballast.schemas.InferenceResult;
import dev.ballast.schemas.Status;
import dev.ballast.simulator.FaultRule;
import dev.ballast.simulator.Simulator;
import dev.ballast.testkit.KafkaCluster;
import dev.ballast.testkit.KafkaExtension;
import dev.ballast.testkit.SimulatorExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@link BallastClient#call}: request-reply through the real broker, pipeline and simulator. */
@ExtendWith({KafkaExtension.class, SimulatorExtension.class})
class RequestReplyIT {

  private static final Duration WAIT = Duration.ofSeconds(60);

  @Test
  void shouldCompleteEveryCallWithItsOwnResultWhenManyAreInFlight(
      KafkaCluster kafka, Simulator sim, @TempDir Path state) throws Exception {
    try (PipelineFixture f = new PipelineFixture(kafka, sim, state).start();
        BallastClient client = BallastClient.create(kafka.bootstrapServers(), f.config.topics())) {
      // given: results of other requests on the same topic, one call answered slowly
      List<String> others = IntStream.range(0, 20).mapToObj(i -> "other-" + i).toList();
      others.forEach(id -> f.submit(PipelineFixture.request(id)));
      sim.inject(FaultRule.forRequest("call-0").delay(Duration.ofMillis(500)));

      // when: the first calls of a fresh client, all in flight at once
      Map<String, CompletableFuture<InferenceResult>> calls = new LinkedHashMap<>();
      for (int i = 0; i < 100; i++) {
        String id = "call-" + i;
        calls.put(id, client.call(PipelineFixture.request(id), WAIT));
      }
      CompletableFuture.allOf(calls.values().toArray(CompletableFuture[]::new))
          .get(WAIT.toSeconds(), TimeUnit.SECONDS);

      // then
      calls.forEach(
          (id, call) -> {
            InferenceResult r = call.join();
            assertThat(r.getId()).isEqualTo(id);
            assertThat(r.getStatus()).isEqualTo(Status.SUCCEEDED);
            assertThat(sim.stats().callsFor(id)).as("HTTP calls for %s", id).isEqualTo(1);
          });
      assertThat(client.pendingCalls()).isZero();
      f.awaitResults(others, WAIT);
    }
  }

  @Test
  void shouldTimeOutInsteadOfTakingAResultCommittedBeforeTheClientStarted(
      KafkaCluster kafka, Simulator sim, @TempDir Path state) {
    try (PipelineFixture f = new PipelineFixture(kafka, sim, state).start()) {
      // given: "old-1" answered before the client exists; the pipeline answers an id only once
      f.submit(PipelineFixture.request("old-1"));
      f.awaitResults(List.of("old-1"), WAIT);

      try (BallastClient client =
          BallastClient.create(kafka.bootstrapServers(), f.config.topics())) {
        // when
        CompletableFuture<InferenceResult> call =
            client.call(PipelineFixture.request("old-1"), Duration.ofSeconds(2));

        // then
        assertThatThrownBy(() -> call.get(WAIT.toSeconds(), TimeUnit.SECONDS))
            .isInstanceOf(ExecutionException.class)
            .cause()
            .isInstanceOf(CallTimeoutException.class)
            .hasMessageContaining("old-1")
            .hasMessageContaining("2000 ms");
        assertThat(client.pendingCalls()).isZero();
      }
    }
  }

  @Test
  void shouldForgetACallWhenCancelledAndRefuseCallsBeyondTheBound(
      KafkaCluster kafka, Simulator sim, @TempDir Path state) throws Exception {
    try (PipelineFixture f = new PipelineFixture(kafka, sim, state).start()) {
      f.stop(); // topics stay; nothing answers
      try (BallastClient client =
          BallastClient.create(kafka.bootstrapServers(), f.config.topics(), Map.of(), WAIT, 2)) {
        // given
        CompletableFuture<InferenceResult> first = client.call(PipelineFixture.request("c-1"));
        CompletableFuture<InferenceResult> second = client.call(PipelineFixture.request("c-2"));

        // when
        CompletableFuture<InferenceResult> third = client.call(PipelineFixture.request("c-3"));
        CompletableFuture<InferenceResult> again = client.call(PipelineFixture.request("c-1"));
        first.cancel(true);

        // then
        assertThat(third).isCompletedExceptionally();
        assertThatThrownBy(third::join)
            .cause()
            .isInstanceOf(BallastClientException.class)
            .hasMessageContaining("2 calls already pending");
        assertThatThrownBy(again::join)
            .cause()
            .isInstanceOf(BallastClientException.class)
            .hasMessageContaining("a call for request c-1 is already pending");
        assertThat(client.pendingCalls()).isEqualTo(1);
        CompletableFuture<InferenceResult> fourth = client.call(PipelineFixture.request("c-4"));
        assertThat(fourth).isNotDone();
        CompletableFuture<InferenceResult> duplicate = client.call(PipelineFixture.request("c-4"));
        assertThatThrownBy(duplicate::join)
            .cause()
            .hasMessageContaining("a call for request c-4 is already pending");
        second.cancel(true);
        fourth.cancel(true);
        assertThat(client.pendingCalls()).isZero();

        // and when the pipeline runs again, a new call is answered
        f.start();
        InferenceResult answered =
            client.call(PipelineFixture.request("c-5")).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(answered.getId()).isEqualTo("c-5");
      }
    }
  }
}
