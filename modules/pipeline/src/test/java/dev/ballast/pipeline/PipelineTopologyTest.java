package dev.ballast.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ballast.client.DeadLetterHeaders;
import dev.ballast.modelclient.Credentials;
import dev.ballast.modelclient.Endpoint;
import dev.ballast.modelclient.Failure;
import dev.ballast.modelclient.FailureClass;
import dev.ballast.modelclient.ModelCallException;
import dev.ballast.modelclient.ModelRequest;
import dev.ballast.modelclient.Provider;
import dev.ballast.pipeline.internal.BallastHeaders;
import dev.ballast.pipeline.internal.PollPace;
import dev.ballast.pipeline.internal.RequestStates;
import dev.ballast.pipeline.internal.StateHeaders;
import dev.ballast.pipeline.internal.ThreadPace;
import dev.ballast.schemas.AvroSerde;
import dev.ballast.schemas.CachedAnswer;
import dev.ballast.schemas.Degradation;
import dev.ballast.schemas.InferenceConfig;
import dev.ballast.schemas.InferenceRequest;
import dev.ballast.schemas.InferenceResult;
import dev.ballast.schemas.Lane;
import dev.ballast.schemas.Message;
import dev.ballast.schemas.Outcome;
import dev.ballast.schemas.ReasonCode;
import dev.ballast.schemas.RequestState;
import dev.ballast.schemas.Role;
import dev.ballast.schemas.Status;
import dev.ballast.schemas.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyDescription;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PipelineTopologyTest {

  private static final Endpoint PRIMARY =
      new Endpoint(Provider.BEDROCK, "anthropic.claude-3-haiku-20240307-v1:0", "us-east-1", null);
  private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

  @TempDir Path stateDir;

  private final Topics topics = Topics.defaults();
  private final AvroSerde<InferenceRequest> requests = AvroSerde.of(InferenceRequest.class);
  private final AvroSerde<InferenceResult> results = AvroSerde.of(InferenceResult.class);
  private TopologyTestDriver driver;
  private TestInputTopic<String, byte[]> input;
  private TestOutputTopic<String, InferenceResult> output;
  private TestOutputTopic<String, byte[]> dlq;
  private final PipelineMetrics metrics = new PipelineMetrics();
  private ModelRouter router;

  private void start(Function<Endpoint, ScriptedModelClient> client) {
    start(client, b -> b, new EndpointConfig(PRIMARY, Credentials.NONE));
  }

  private void start(
      Function<Endpoint, ScriptedModelClient> client,
      java.util.function.UnaryOperator<BallastConfig.Builder> customize,
      EndpointConfig... chain) {
    BallastConfig config =
        customize
            .apply(
                BallastConfig.builder()
                    .put(ConfigKeys.BOOTSTRAP_SERVERS, "unused:9092")
                    .put(ConfigKeys.STATE_DIR, stateDir.toString())
                    .put(ConfigKeys.RETRY_MAX_ATTEMPTS, 1)
                    .route(new RouteConfig("default", List.of(chain))))
            .build();
    router = ModelRouter.create(config, metrics, client::apply, Clock.systemUTC(), Runnable::run);
    driver =
        new TopologyTestDriver(
            PipelineTopology.build(config, router, topics, metrics),
            config.streamsProperties(),
            START);
    input =
        driver.createInputTopic(
            topics.requests().name(),
            new org.apache.kafka.common.serialization.StringSerializer(),
            new ByteArraySerializer());
    output =
        driver.createOutputTopic(
            topics.results().name(), new StringDeserializer(), results.deserializer());
    dlq =
        driver.createOutputTopic(
            topics.dlq().name(),
            new StringDeserializer(),
            new org.apache.kafka.common.serialization.ByteArrayDeserializer());
  }

  /** Drives the wall clock until a result is out: calls complete on policy threads. */
  private TestRecord<String, InferenceResult> nextResult() {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (output.isEmpty()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("no result within 10 s");
      }
      driver.advanceWallClockTime(Duration.ofMillis(5));
      Thread.onSpinWait();
    }
    return output.readRecord();
  }

  @AfterEach
  void close() {
    if (driver != null) {
      driver.close();
    }
    // a test that polled as a stream thread leaves this thread unpaced for the next one
    ThreadPace paced = ThreadPace.current();
    if (paced != null) {
      paced.close();
    }
  }

  static InferenceRequest request(String id, String route) {
    return InferenceRequest.newBuilder()
        .setId(id)
        .setRoute(route)
        .setMessages(List.of(new Message(Role.USER, "Say hello.")))
        .setSubmittedAt(START.minusMillis(40))
        .setMetadata(Map.of("tenant", "acme"))
        .build();
  }

  static ModelCallException accessDenied(Endpoint e, int attempt) {
    return new ModelCallException(
        e,
        attempt,
        new Failure(
            FailureClass.UNAVAILABLE,
            ReasonCode.ACCESS_DENIED,
            "You don't have access to the model with the specified model ID.",
            "AccessDeniedException",
            403,
            null),
        null);
  }

  @Test
  void shouldKeepOneGlobalStoreOfTheAnswerCacheWhenTheBatchLaneRunsBeside() {
    // given
    BallastConfig config =
        BallastConfig.builder()
            .put(ConfigKeys.BOOTSTRAP_SERVERS, "unused:9092")
            .put(ConfigKeys.STATE_DIR, stateDir.toString())
            .put(ConfigKeys.CACHE_ENABLED, true)
            .put(ConfigKeys.BATCH_THREADS, 1)
            .route(
                new RouteConfig("default", List.of(new EndpointConfig(PRIMARY, Credentials.NONE))))
            .build();
    router =
        ModelRouter.create(
            config, metrics, ScriptedModelClient::answering, Clock.systemUTC(), Runnable::run);

    // when
    TopologyDescription online = PipelineTopology.build(config, router, topics, metrics).describe();
    TopologyDescription batch =
        PipelineTopology.buildBatch(config, router, topics, metrics, NOTHING_CACHED).describe();

    // then: the batch lane's app reads the online app's store and writes the cache topic
    assertThat(online.globalStores()).hasSize(1);
    assertThat(batch.globalStores()).isEmpty();
    assertThat(batch.subtopologies().toString()).contains(topics.cache().name());
    assertThatThrownBy(() -> PipelineTopology.buildBatch(config, router, topics, metrics, null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("onlineCache");
  }

  /** An answer cache that holds nothing. */
  private static final ReadOnlyKeyValueStore<String, CachedAnswer> NOTHING_CACHED =
      new ReadOnlyKeyValueStore<>() {
        @Override
        public CachedAnswer get(String key) {
          return null;
        }

        @Override
        public KeyValueIterator<String, CachedAnswer> range(String from, String to) {
          throw new UnsupportedOperationException();
        }

        @Override
        public KeyValueIterator<String, CachedAnswer> all() {
          throw new UnsupportedOperationException();
        }

        @Override
        public long approximateNumEntries() {
          return 0;
        }
      };

  @Test
  void shouldCacheOneAnswerPerQuestionAndHalfTimeToLiveWhenTheQuestionIsAskedAgain() {
    // given
    start(ScriptedModelClient::answering);
    TestOutputTopic<String, CachedAnswer> cached =
        driver.createOutputTopic(
            topics.cache().name(),
            new StringDeserializer(),
            AvroSerde.of(CachedAnswer.class).deserializer());
    InferenceRequest goodbye =
        InferenceRequest.newBuilder(request("r-4", "default"))
            .setMessages(List.of(new Message(Role.USER, "Say goodbye.")))
            .build();

    // when one question is asked under three ids, then another question
    for (String id : List.of("r-1", "r-2", "r-3")) {
      input.pipeInput(id, requests.encode(request(id, "default")));
      nextResult();
    }
    input.pipeInput("r-4", requests.encode(goodbye));
    nextResult();
    // and the first question again once half the cache's time to live (1 h) has passed
    driver.advanceWallClockTime(Duration.ofMinutes(31));
    input.pipeInput("r-5", requests.encode(request("r-5", "default")));
    nextResult();

    // then each question's answer was cached once, and the first one's refreshed
    assertThat(cached.readRecordsToList())
        .extracting(r -> r.value().getRequestId())
        .containsExactly("r-1", "r-4", "r-5");
  }

  @Test
  void shouldAnswerWithProvenanceWhenModelSucceeds() {
    // given
    start(ScriptedModelClient::answering);

    // when
    input.pipeInput("r-1", requests.encode(request("r-1", "default")));

    // then
    TestRecord<String, InferenceResult> result = nextResult();
    assertThat(result.key()).isEqualTo("r-1");
    InferenceResult r = result.value();
    assertThat(r.getStatus()).isEqualTo(Status.SUCCEEDED);
    assertThat(r.getText()).isEqualTo("answer to r-1");
    assertThat(r.getServedBy().getModel()).isEqualTo(PRIMARY.model());
    assertThat(r.getServedBy().getRegion()).isEqualTo("us-east-1");
    assertThat(r.getAttempts()).hasSize(1);
    assertThat(r.getAttempts().get(0).getOutcome()).isEqualTo(Outcome.SUCCESS);
    assertThat(r.getUsage().getTotalTokens()).isEqualTo(15);
    assertThat(r.getLatencyMs())
        .isEqualTo(r.getCompletedAt().toEpochMilli() - START.minusMillis(40).toEpochMilli());
    assertThat(r.getMetadata()).containsEntry("tenant", "acme");
    assertThat(output.isEmpty()).isTrue();
    assertThat(dlq.isEmpty()).isTrue();
  }

  @Test
  void shouldFitMaxTokensToTheModelsLimitAndSaySoWhenTheRequestAsksForMore() {
    // given: the model takes at most 1,000 output tokens
    ScriptedModelClient[] client = new ScriptedModelClient[1];
    start(
        e -> client[0] = ScriptedModelClient.answering(e),
        b -> b.model(new ModelConfig(PRIMARY.model(), 200_000, 1_000)),
        new EndpointConfig(PRIMARY, Credentials.NONE));
    InferenceRequest asksForMore =
        InferenceRequest.newBuilder(request("r-10", "default"))
            .setInference(InferenceConfig.newBuilder().setMaxTokens(4_000).build())
            .build();

    // when
    input.pipeInput("r-10", requests.encode(asksForMore));
    InferenceResult r = nextResult().value();

    // then: what was sent fits the model, and the result says it was limited
    assertThat(client[0].calls).extracting(c -> c.maxTokens()).containsExactly(1_000);
    assertThat(r.getStatus()).isEqualTo(Status.DEGRADED);
    assertThat(r.getDegradations()).containsExactly(Degradation.OUTPUT_LIMITED);
  }

  @Test
  void shouldFailAndDeadLetterWhenAccessDenied() {
    // given
    start(
        e ->
            new ScriptedModelClient(
                e, r -> CompletableFuture.failedFuture(accessDenied(e, r.attempt()))));
    byte[] original = requests.encode(request("r-2", "default"));

    // when
    input.pipeInput("r-2", original);

    // then
    InferenceResult r = nextResult().value();
    assertThat(r.getStatus()).isEqualTo(Status.FAILED);
    assertThat(r.getError().getCode()).isEqualTo("ACCESS_DENIED");
    assertThat(r.getError().getMessage()).contains("don't have access");
    assertThat(r.getAttempts())
        .extracting(a -> a.getOutcome())
        .containsExactly(Outcome.UNAVAILABLE);
    TestRecord<String, byte[]> dead = dlq.readRecord();
    assertThat(dead.key()).isEqualTo("r-2");
    assertThat(requests.decode(dead.value(), "dlq")).isEqualTo(request("r-2", "default"));
    assertThat(BallastHeaders.string(dead.headers(), BallastHeaders.REASON_CODE))
        .isEqualTo("ACCESS_DENIED");
  }

  @Test
  void shouldDeadLetterOriginalBytesAndFailByKeyWhenUndecodable() {
    // given
    start(ScriptedModelClient::answering);
    byte[] garbage = "not avro".getBytes(StandardCharsets.UTF_8);

    // when
    input.pipeInput("r-3", garbage);

    // then
    TestRecord<String, byte[]> dead = dlq.readRecord();
    assertThat(dead.value()).isEqualTo(garbage);
    assertThat(BallastHeaders.string(dead.headers(), BallastHeaders.REASON_CODE))
        .isEqualTo("UNDECODABLE_REQUEST");
    assertThat(BallastHeaders.string(dead.headers(), BallastHeaders.REASON_MESSAGE))
        .startsWith("Cannot decode InferenceRequest from ballast.requests-0@0");
    assertThat(BallastHeaders.string(dead.headers(), BallastHeaders.SOURCE_OFFSET)).isEqualTo("0");
    InferenceResult r = output.readValue();
    assertThat(r.getId()).isEqualTo("r-3");
    assertThat(r.getStatus()).isEqualTo(Status.FAILED);
    assertThat(r.getError().getCode()).isEqualTo("UNDECODABLE_REQUEST");
  }

  @Test
  void shouldOnlyDeadLetterWhenUndecodableAndKeyless() {
    // given
    start(ScriptedModelClient::answering);

    // when
    input.pipeInput((String) null, new byte[] {1, 2, 3});

    // then
    assertThat(dlq.readRecord().value()).containsExactly(1, 2, 3);
    assertThat(output.isEmpty()).isTrue();
  }

  @Test
  void shouldFailNamingTheRoutesWhenRouteUnknown() {
    // given
    start(ScriptedModelClient::answering);

    // when
    input.pipeInput("r-4", requests.encode(request("r-4", "gpt-9")));

    // then
    InferenceResult r = output.readValue();
    assertThat(r.getStatus()).isEqualTo(Status.FAILED);
    assertThat(r.getError().getCode()).isEqualTo("UNKNOWN_ROUTE");
    assertThat(r.getError().getMessage())
        .isEqualTo("unknown route 'gpt-9' (configured: [default])");
    assertThat(BallastHeaders.string(dlq.readRecord().headers(), BallastHeaders.REASON_CODE))
        .isEqualTo("UNKNOWN_ROUTE");
  }

  @Test
  void shouldFailWithUnknownRouteAndKeepServingWhenAHandedOffRequestsRouteIsGone() {
    // given: one call at a time; a request handed to the fallback stage under a route that a
    // configuration change removed since
    ScriptedModelClient[] client = new ScriptedModelClient[1];
    start(
        e -> client[0] = ScriptedModelClient.answering(e),
        b -> b.put(ConfigKeys.MAX_IN_FLIGHT, 1),
        new EndpointConfig(PRIMARY, Credentials.NONE));
    TestInputTopic<String, byte[]> fallback =
        driver.createInputTopic(
            topics.fallback().name(),
            new org.apache.kafka.common.serialization.StringSerializer(),
            new ByteArraySerializer());
    RequestState handedOff =
        RequestState.newBuilder(RequestStates.initial(Lane.ONLINE, START.toEpochMilli(), 0))
            .setChainIndex(1)
            .build();

    // when
    fallback.pipeInput(
        new TestRecord<>(
            "gone-1",
            requests.encode(request("gone-1", "retired")),
            StateHeaders.of(handedOff),
            START));
    InferenceResult gone = nextResult().value();
    input.pipeInput("next-1", requests.encode(request("next-1", "default")));
    InferenceResult next = nextResult().value();

    // then: the orphan fails with its reason without a call, and the one permit was given back
    assertThat(gone.getStatus()).isEqualTo(Status.FAILED);
    assertThat(gone.getError().getCode()).isEqualTo("UNKNOWN_ROUTE");
    assertThat(gone.getError().getMessage()).contains("'retired' is not configured");
    assertThat(next.getStatus()).isEqualTo(Status.SUCCEEDED);
    assertThat(client[0].calls).extracting(ModelRequest::requestId).containsExactly("next-1");
  }

  @Test
  void shouldIgnoreDuplicateWhenSameIdIsInFlight() {
    // given: calls that have not completed yet
    CompletableFuture<dev.ballast.modelclient.ModelResponse> pending = new CompletableFuture<>();
    ScriptedModelClient[] client = new ScriptedModelClient[1];
    start(e -> client[0] = new ScriptedModelClient(e, r -> pending));

    // when
    input.pipeInput("r-5", requests.encode(request("r-5", "default")));
    input.pipeInput("r-5", requests.encode(request("r-5", "default")));
    dev.ballast.testkit.Await.until(
        Duration.ofSeconds(5), "the model call", () -> !client[0].calls.isEmpty());
    pending.complete(ScriptedModelClient.answer(PRIMARY, client[0].calls.get(0), "late answer"));

    // then: one answer (waited for, not raced), one call, the copy counted as a duplicate
    assertThat(nextResult().value().getText()).isEqualTo("late answer");
    driver.advanceWallClockTime(Duration.ofMillis(10));
    assertThat(output.isEmpty()).isTrue();
    assertThat(client[0].calls).hasSize(1);
    assertThat(metrics.duplicates.sum()).isEqualTo(1);
  }

  @Test
  void shouldNotAnswerAgainWhenTheSameIdArrivesAfterItsResult() {
    // given
    ScriptedModelClient[] client = new ScriptedModelClient[1];
    start(e -> client[0] = ScriptedModelClient.answering(e));
    input.pipeInput("r-7", requests.encode(request("r-7", "default")));
    nextResult();

    // when: a client retries the same request
    input.pipeInput("r-7", requests.encode(request("r-7", "default")));
    driver.advanceWallClockTime(Duration.ofMillis(100));

    // then
    assertThat(output.isEmpty()).isTrue();
    assertThat(client[0].calls).hasSize(1);
    assertThat(metrics.duplicates.sum()).isEqualTo(1);
  }

  @Test
  void shouldAnswerAgainWhenTheRequestIsRedriven() {
    // given
    start(ScriptedModelClient::answering);
    input.pipeInput("r-8", requests.encode(request("r-8", "default")));
    nextResult();

    // when
    org.apache.kafka.common.header.internals.RecordHeaders headers =
        new org.apache.kafka.common.header.internals.RecordHeaders();
    headers.add(
        DeadLetterHeaders.REDRIVEN_FROM, "ballast.dlq-0@0".getBytes(StandardCharsets.UTF_8));
    input.pipeInput(new TestRecord<>("r-8", requests.encode(request("r-8", "default")), headers));

    // then
    assertThat(nextResult().key()).isEqualTo("r-8");
  }

  @Test
  void shouldServeAConversationInOrderWhenOrderingIsOn() {
    // given: calls that wait for the test to answer them
    java.util.Map<String, CompletableFuture<dev.ballast.modelclient.ModelResponse>> answers =
        new java.util.concurrent.ConcurrentHashMap<>();
    ScriptedModelClient[] client = new ScriptedModelClient[1];
    start(
        e ->
            client[0] =
                new ScriptedModelClient(
                    e, r -> answers.computeIfAbsent(r.requestId(), k -> new CompletableFuture<>())),
        b -> b.put(ConfigKeys.ORDERING, true),
        new EndpointConfig(PRIMARY, Credentials.NONE));
    InferenceRequest first =
        InferenceRequest.newBuilder(request("c-1", "default")).setConversationId("conv").build();
    InferenceRequest second =
        InferenceRequest.newBuilder(request("c-2", "default")).setConversationId("conv").build();
    InferenceRequest other = request("c-3", "default");

    // when
    input.pipeInput("conv", requests.encode(first));
    input.pipeInput("conv", requests.encode(second));
    input.pipeInput("c-3", requests.encode(other));
    dev.ballast.testkit.Await.until(
        Duration.ofSeconds(5), "two calls", () -> client[0].calls.size() == 2);
    driver.advanceWallClockTime(Duration.ofMillis(50));

    // then: the second request of the conversation waits for the first
    assertThat(client[0].calls)
        .extracting(c -> c.requestId())
        .containsExactlyInAnyOrder("c-1", "c-3");
    answers.get("c-1").complete(ScriptedModelClient.answer(PRIMARY, client[0].calls.get(0), "one"));
    assertThat(nextResult().key()).isEqualTo("c-1");
    dev.ballast.testkit.Await.until(
        Duration.ofSeconds(5),
        "the second call",
        () -> {
          driver.advanceWallClockTime(Duration.ofMillis(5));
          return client[0].calls.size() == 3;
        });
    assertThat(client[0].calls.get(2).requestId()).isEqualTo("c-2");
  }

  @Test
  void shouldForwardResultFromPunctuatorWhenCallCompletesLater() {
    // given
    CompletableFuture<dev.ballast.modelclient.ModelResponse> pending = new CompletableFuture<>();
    ScriptedModelClient[] client = new ScriptedModelClient[1];
    start(e -> client[0] = new ScriptedModelClient(e, r -> pending));
    assertThat(router.pace(dev.ballast.schemas.Lane.ONLINE).timeout(Duration.ofMillis(100)))
        .isEqualTo(Duration.ofMillis(100));
    input.pipeInput("r-6", requests.encode(request("r-6", "default")));
    driver.advanceWallClockTime(Duration.ofMillis(50));
    assertThat(output.isEmpty()).isTrue();
    // a call is out and nothing wakes this unpaced thread for its answer: the app polls briefly
    assertThat(router.pace(dev.ballast.schemas.Lane.ONLINE).busyStages()).isEqualTo(1);
    assertThat(router.pace(dev.ballast.schemas.Lane.ONLINE).timeout(Duration.ofMillis(100)))
        .isEqualTo(PollPace.BUSY);

    // when
    dev.ballast.testkit.Await.until(
        Duration.ofSeconds(5), "the model call", () -> !client[0].calls.isEmpty());
    pending.complete(ScriptedModelClient.answer(PRIMARY, client[0].calls.get(0), "done"));

    // then
    InferenceResult r = nextResult().value();
    assertThat(r.getText()).as(String.valueOf(r)).isEqualTo("done");
    assertThat(r.getLatencyMs())
        .isEqualTo(r.getCompletedAt().toEpochMilli() - START.minusMillis(40).toEpochMilli());
    // nothing out any more: back to Streams' own poll.ms
    driver.advanceWallClockTime(Duration.ofMillis(10));
    assertThat(router.pace(dev.ballast.schemas.Lane.ONLINE).busyStages()).isZero();
    assertThat(router.pace(dev.ballast.schemas.Lane.ONLINE).timeout(Duration.ofMillis(100)))
        .isEqualTo(Duration.ofMillis(100));
  }

  @Test
  void shouldEndItsThreadsPollWhenACallCompletesAndPollBrieflyUntilTheAnswerIsDrained()
      throws Exception {
    // given: this thread polls, as a stream thread does between records
    CompletableFuture<dev.ballast.modelclient.ModelResponse> pending = new CompletableFuture<>();
    ScriptedModelClient[] client = new ScriptedModelClient[1];
    start(e -> client[0] = new ScriptedModelClient(e, r -> pending));
    java.util.concurrent.CountDownLatch woken = new java.util.concurrent.CountDownLatch(1);
    ThreadPace thread =
        new ThreadPace(woken::countDown, null, System::currentTimeMillis, () -> Long.MIN_VALUE);
    thread.beginPoll(PollPace.BUSY);
    thread.endPoll();
    input.pipeInput("r-7", requests.encode(request("r-7", "default")));
    thread.beginPoll(PollPace.BUSY);
    dev.ballast.testkit.Await.until(
        Duration.ofSeconds(5), "the model call", () -> !client[0].calls.isEmpty());
    // a call is out, but its completion wakes this thread: its app's polls need not be brief
    PollPace app = router.pace(Lane.ONLINE);
    assertThat(app.busyStages()).isZero();
    assertThat(app.timeout(Duration.ofMillis(100))).isEqualTo(Duration.ofMillis(100));

    // when
    pending.complete(ScriptedModelClient.answer(PRIMARY, client[0].calls.get(0), "woken"));

    // then: the completion ends the poll; until it is drained, the next poll is brief
    assertThat(woken.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    assertThat(thread.endPoll()).isTrue();
    assertThat(thread.beginPoll(PollPace.BUSY)).isEqualTo(ThreadPace.DRAIN);
    thread.endPoll();
    assertThat(nextResult().value().getText()).isEqualTo("woken");
    assertThat(thread.beginPoll(PollPace.BUSY)).isEqualTo(PollPace.BUSY);
    thread.endPoll();
  }

  @Test
  void shouldEndItsThreadsPollAtTheNextCommitWhileACallIsOutUnderExactlyOnce() throws Exception {
    // given: this thread polls under exactly-once with a 20 ms commit interval
    CompletableFuture<dev.ballast.modelclient.ModelResponse> pending = new CompletableFuture<>();
    ScriptedModelClient[] client = new ScriptedModelClient[1];
    start(e -> client[0] = new ScriptedModelClient(e, r -> pending));
    java.util.concurrent.atomic.AtomicInteger wakeups =
        new java.util.concurrent.atomic.AtomicInteger();
    ThreadPace thread =
        new ThreadPace(
            wakeups::incrementAndGet,
            Duration.ofMillis(20),
            System::currentTimeMillis,
            () -> Long.MIN_VALUE);
    thread.beginPoll(PollPace.BUSY);
    thread.endPoll();
    assertThat(thread.beginPoll(Duration.ofHours(1))).isEqualTo(Duration.ofHours(1));
    thread.endPoll();

    // when: a request starts a call
    input.pipeInput("r-8", requests.encode(request("r-8", "default")));
    dev.ballast.testkit.Await.until(
        Duration.ofSeconds(5), "the model call", () -> !client[0].calls.isEmpty());

    // then: while it is out, a poll ends when the next commit is due, and its completion does
    // not wake the thread
    assertThat(thread.beginPoll(Duration.ofHours(1))).isLessThanOrEqualTo(Duration.ofMillis(21));
    pending.complete(ScriptedModelClient.answer(PRIMARY, client[0].calls.get(0), "at commit"));
    assertThat(thread.endPoll()).isFalse();
    assertThat(wakeups).hasValue(0);
    assertThat(nextResult().value().getText()).isEqualTo("at commit");
  }

  @Test
  void shouldPollBrieflyWhileARequestIsParkedAndAnswerItWhenDue() {
    // given: a model that answers at once
    start(ScriptedModelClient::answering);
    PollPace pace = router.pace(Lane.ONLINE);
    RequestState parked =
        RequestState.newBuilder(RequestStates.initial(Lane.ONLINE, START.toEpochMilli(), 0))
            .setDueMs(START.toEpochMilli() + 1_000)
            .build();
    TestInputTopic<String, byte[]> tier =
        driver.createInputTopic(
            topics.retry(Duration.ofSeconds(1)).name(),
            new org.apache.kafka.common.serialization.StringSerializer(),
            new ByteArraySerializer());

    // when: a request is parked in the 1 s tier, due in a second
    tier.pipeInput(
        new TestRecord<>(
            "p-1", requests.encode(request("p-1", "default")), StateHeaders.of(parked), START));

    // then: while it waits, its thread polls briefly, and nothing is answered before it is due
    assertThat(pace.busyStages()).isEqualTo(1);
    assertThat(pace.timeout(Duration.ofMillis(250))).isEqualTo(PollPace.BUSY);
    driver.advanceWallClockTime(Duration.ofMillis(900));
    assertThat(output.isEmpty()).isTrue();

    // when / then: once due it is answered, and the thread polls at Streams' pace again
    assertThat(nextResult().key()).isEqualTo("p-1");
    driver.advanceWallClockTime(Duration.ofMillis(10));
    assertThat(pace.busyStages()).isZero();
    assertThat(pace.timeout(Duration.ofMillis(250))).isEqualTo(Duration.ofMillis(250));
  }
}
