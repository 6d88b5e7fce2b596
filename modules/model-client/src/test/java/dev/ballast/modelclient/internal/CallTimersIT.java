package dev.ballast.modelclient.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ballast.modelclient.ClientOptions;
import dev.ballast.modelclient.Credentials;
import dev.ballast.modelclient.Endpoint;
import dev.ballast.modelclient.ModelCallException;
import dev.ballast.modelclient.ModelRequest;
import dev.ballast.modelclient.Provider;
import dev.ballast.schemas.ReasonCode;
import dev.ballast.simulator.Distribution;
import dev.ballast.simulator.RegionConfig;
import dev.ballast.simulator.Scenario;
import dev.ballast.simulator.Simulator;
import dev.ballast.testkit.Await;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The AWS SDK client's call timeouts run on the transport's one timer thread, and a call that ends
 * takes its timeout out of the queue: an idle pipeline has nothing left to wake for. Calls start on
 * the transport's own threads and complete on the HTTP client's thread that read their answer,
 * without the SDK's response pool. That call timeout alone ends a call that is never answered, at
 * the client's limit or at a call's own shorter one.
 */
class CallTimersIT {

  @Test
  void shouldScheduleEveryCallTimeoutOnTheSharedTimerAndDropItWhenTheCallEnds() throws Exception {
    // given
    int calls = 20;
    ClientOptions options = ClientOptions.DEFAULTS.withCallTimeout(Duration.ofMinutes(5));
    try (Simulator sim = Simulator.start(Scenario.defaults());
        Transport transport = new Transport(options)) {
      BedrockModelClient client = client(sim, options, transport);
      ScheduledThreadPoolExecutor timers = (ScheduledThreadPoolExecutor) transport.timers();
      assertThat(timers.getPoolSize()).isZero();

      // when
      converseAll(client, "timer-", calls);

      // then: the simulator answered every call; the calls' 5-minute timeouts were scheduled on
      // the shared timer (its thread starts with the first task) and none is left queued (the SDK
      // cancels a call's timeout once the call's future completed, on the thread that completed it)
      assertThat(sim.stats().total().requests()).isEqualTo(calls);
      assertThat(timers.getPoolSize()).isEqualTo(1);
      Await.until(
          Duration.ofSeconds(30),
          "every call timeout dropped from the timer's queue",
          () -> timers.getQueue().isEmpty(),
          () -> timers.getQueue().size() + " still queued");
    }
  }

  @Test
  void shouldCompleteCallsWithoutTheSdksResponsePool() throws Exception {
    // given
    try (Simulator sim = Simulator.start(Scenario.defaults());
        Transport transport = new Transport(ClientOptions.DEFAULTS)) {
      BedrockModelClient client = client(sim, ClientOptions.DEFAULTS, transport);

      // when
      converseAll(client, "io-", 20);

      // then: answered, and the SDK never started a thread of its response pool to complete them
      assertThat(sim.stats().total().requests()).isEqualTo(20);
      assertThat(Thread.getAllStackTraces().keySet())
          .extracting(Thread::getName)
          .noneMatch(name -> name.startsWith("sdk-async-response"));
    }
  }

  @Test
  void shouldStartCallsOnTheTransportsOwnThreads() throws Exception {
    // given: two threads of each kind
    ClientOptions options = ClientOptions.DEFAULTS.withIoThreads(2);
    try (Simulator sim = Simulator.start(Scenario.defaults());
        Transport transport = new Transport(options)) {
      BedrockModelClient client = client(sim, options, transport);

      // when: 20 calls started through the transport's starter at once
      List<CompletableFuture<String>> starts = new ArrayList<>();
      List<CompletableFuture<?>> answers = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        String id = "start-" + i;
        CompletableFuture<String> started = new CompletableFuture<>();
        CompletableFuture<Object> answered = new CompletableFuture<>();
        starts.add(started);
        answers.add(answered);
        transport
            .starter()
            .execute(
                () -> {
                  started.complete(Thread.currentThread().getName());
                  client
                      .converse(ModelRequest.of(id, "Hello?"))
                      .whenComplete(
                          (r, e) -> {
                            if (e != null) {
                              answered.completeExceptionally(e);
                            } else {
                              answered.complete(r);
                            }
                          });
                });
      }

      // then: every call answered, and both starter threads started calls (a pool below its size
      // starts a thread for each task handed to it)
      CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
      List<String> started = new ArrayList<>();
      for (CompletableFuture<String> f : starts) {
        started.add(f.get(60, TimeUnit.SECONDS));
      }
      assertThat(sim.stats().total().requests()).isEqualTo(20);
      assertThat(started).allMatch(name -> name.startsWith("ballast-model-io-"));
      assertThat(started.stream().distinct().count()).isEqualTo(2);
    }
  }

  /**
   * A model that answers after 10 minutes: the SDK's call timeout alone must end the call, whether
   * the call's limit is the client's own or shorter (then the request carries its own).
   */
  @ParameterizedTest(name = "client call timeout {0}, this call's limit {1}")
  @CsvSource({"PT1S, PT1S", "PT10M, PT1S"})
  void shouldEndACallThatIsNeverAnsweredAtItsLimit(Duration clientTimeout, Duration limit)
      throws Exception {
    // given
    ClientOptions options = ClientOptions.DEFAULTS.withCallTimeout(clientTimeout);
    try (Simulator sim = Simulator.start(slowModel());
        Transport transport = new Transport(options)) {
      BedrockModelClient client = client(sim, options, transport);

      // when
      CompletableFuture<?> call = client.converse(ModelRequest.of("never", "Hello?"), limit);

      // then: it ends within the bound of failureOf, long before the model answers
      assertThat(failureOf(call)).isEqualTo(ReasonCode.CALL_TIMEOUT);
      assertThat(sim.stats().total().requests()).isEqualTo(1);
    }
  }

  private static Scenario slowModel() {
    return Scenario.of(RegionConfig.named("us-east-1").withLatency(Distribution.fixed(600_000)));
  }

  /** The reason the call failed with, waiting at most 60 s for it to end. */
  private static ReasonCode failureOf(CompletableFuture<?> call) throws Exception {
    try {
      call.get(60, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      assertThat(e.getCause()).isInstanceOf(ModelCallException.class);
      return ((ModelCallException) e.getCause()).failure().reasonCode();
    }
    throw new AssertionError("the call was answered");
  }

  private static BedrockModelClient client(
      Simulator sim, ClientOptions options, Transport transport) {
    return new BedrockModelClient(
        new Endpoint(
            Provider.BEDROCK,
            "anthropic.claude-3-haiku-20240307-v1:0",
            sim.regions().get(0),
            sim.uri()),
        Credentials.NONE,
        options,
        transport);
  }

  /** Sends {@code n} calls at once and waits until every one is answered. */
  private static void converseAll(BedrockModelClient client, String prefix, int n)
      throws Exception {
    List<CompletableFuture<?>> answers = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      answers.add(client.converse(ModelRequest.of(prefix + i, "Hello?")));
    }
    CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
  }
}
