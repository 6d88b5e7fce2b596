package dev.ballast.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ballast.client.BallastClient;
import dev.ballast.modelclient.BreakerListener.State;
import dev.ballast.modelclient.Credentials;
import dev.ballast.modelclient.Endpoint;
import dev.ballast.modelclient.Provider;
import dev.ballast.schemas.InferenceResult;
import dev.ballast.simulator.ErrorType;
import dev.ballast.simulator.FaultRule;
import dev.ballast.simulator.RegionConfig;
import dev.ballast.simulator.Scenario;
import dev.ballast.simulator.Simulator;
import dev.ballast.testkit.Await;
import dev.ballast.testkit.KafkaCluster;
import dev.ballast.testkit.KafkaExtension;
import dev.ballast.testkit.TestTopics;
import io.micrometer.core.instrument.Gauge;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three instances of one application on one broker and the simulator behave as one client of the
 * provider: one breaker (open everywhere within a second, one probe per interval between them,
 * closed everywhere by the first successful probe) and one quota.
 */
@ExtendWith(KafkaExtension.class)
class FleetIT {

  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final String PRIMARY = "us-east-1";
  private static final String SECONDARY = "us-west-2";
  private static final String MODEL = PipelineFixture.MODEL;
  private static final int INSTANCES = 3;
  private static final int PARTITIONS = 6;

  private Simulator sim;
  private final List<Pipeline> fleet = new ArrayList<>();
  private BallastClient client;
  private BallastClient.Results reader;
  private final Set<String> answered = ConcurrentHashMap.newKeySet();

  @BeforeEach
  void startSimulator() {
    sim = Simulator.start(Scenario.of(RegionConfig.named(PRIMARY), RegionConfig.named(SECONDARY)));
  }

  @AfterEach
  void stop() {
    if (reader != null) {
      reader.close();
    }
    if (client != null) {
      client.close();
    }
    fleet.forEach(Pipeline::close);
    sim.close();
  }

  private EndpointConfig endpoint(String region) {
    return new EndpointConfig(
        new Endpoint(Provider.BEDROCK, MODEL, region, sim.uri(region)), Credentials.NONE);
  }

  /** The configuration of instance {@code i}: the same application, its own state directory. */
  private static BallastConfig config(
      KafkaCluster kafka,
      String prefix,
      Path state,
      int i,
      RouteConfig route,
      UnaryOperator<BallastConfig.Builder> c) {
    return c.apply(
            BallastConfig.builder()
                .put(ConfigKeys.BOOTSTRAP_SERVERS, kafka.bootstrapServers())
                .put(ConfigKeys.APPLICATION_ID, prefix + "app")
                .put(ConfigKeys.TOPIC_PREFIX, prefix)
                .put(ConfigKeys.TOPIC_PARTITIONS, PARTITIONS)
                .put(ConfigKeys.STREAM_THREADS, 1)
                .put(ConfigKeys.BATCH_THREADS, 0)
                .put(ConfigKeys.STATE_DIR, state.resolve("i" + i).toString())
                .route(route))
        .build();
  }

  /** Starts three instances with one application id, waits until each owns a third. */
  private String startFleet(
      KafkaCluster kafka, Path state, RouteConfig route, UnaryOperator<BallastConfig.Builder> c) {
    String prefix = TestTopics.uniquePrefix("fleet");
    for (int i = 0; i < INSTANCES; i++) {
      fleet.add(Pipeline.start(config(kafka, prefix, state, i, route, c)));
    }
    fleet.forEach(p -> p.awaitRunning(WAIT));
    Await.until(
        WAIT,
        "each instance owning a third of the request partitions",
        () -> fleet.stream().allMatch(p -> Math.abs(p.quotaShare() - 1.0 / INSTANCES) < 1e-9),
        () -> "shares " + fleet.stream().map(Pipeline::quotaShare).toList());
    client = BallastClient.create(kafka.bootstrapServers(), fleet.get(0).config().topics());
    reader = client.results(true);
    return prefix;
  }

  /** Submits {@code n} requests and waits for their results. */
  private void round(String prefix, int n) {
    List<String> ids = IntStream.range(0, n).mapToObj(i -> prefix + "-" + i).toList();
    ids.forEach(id -> client.submit(PipelineFixture.request(id)));
    Await.until(
        WAIT,
        n + " results of " + prefix,
        () -> {
          reader.poll(Duration.ofMillis(20)).stream()
              .map(InferenceResult::getId)
              .forEach(answered::add);
          return answered.containsAll(ids);
        });
  }

  /** The primary breaker changes of one instance, oldest first. */
  private static List<BreakerEvent> primaryEvents(Pipeline p) {
    return p.breakerEvents().stream().filter(e -> e.endpoint().endsWith("@" + PRIMARY)).toList();
  }

  private static State primaryState(Pipeline p) {
    List<BreakerEvent> events = primaryEvents(p);
    return events.isEmpty() ? State.CLOSED : events.get(events.size() - 1).to();
  }

  /** When each instance's primary breaker first reached {@code to} at or after {@code sinceMs}. */
  private List<Long> firstTimes(State to, long sinceMs) {
    return fleet.stream()
        .map(
            p ->
                primaryEvents(p).stream()
                    .filter(e -> e.to() == to && e.atMs() >= sinceMs)
                    .mapToLong(BreakerEvent::atMs)
                    .min()
                    .orElseThrow())
        .toList();
  }

  private static long spread(List<Long> times) {
    return times.stream().mapToLong(t -> t).max().orElseThrow()
        - times.stream().mapToLong(t -> t).min().orElseThrow();
  }

  private long primaryCalls() {
    return sim.stats().endpoint(PRIMARY, MODEL).requests();
  }

  @Test
  void shouldOpenEverywhereProbeOncePerIntervalAndCloseEverywhereWhenARegionFails(
      KafkaCluster kafka, @TempDir Path state) {
    // given: three instances, a chain of two regions, a breaker that opens after 4 calls
    Duration interval = Duration.ofSeconds(2);
    RouteConfig route = new RouteConfig("default", List.of(endpoint(PRIMARY), endpoint(SECONDARY)));
    UnaryOperator<BallastConfig.Builder> breaker =
        b ->
            b.put(ConfigKeys.RETRY_MAX_ATTEMPTS, 1)
                .put(ConfigKeys.BREAKER_MINIMUM_CALLS, 4)
                .put(ConfigKeys.BREAKER_OPEN_DURATION, interval.toMillis() + "ms");
    String prefix = startFleet(kafka, state, route, breaker);

    // when: the primary region fails every call
    sim.inject(FaultRule.any().inRegion(PRIMARY).error(ErrorType.SERVICE_UNAVAILABLE));
    int[] wave = {0};
    Await.until(
        WAIT,
        "every instance's primary breaker open",
        () -> {
          round("outage-" + wave[0]++, 6);
          return fleet.stream().allMatch(p -> primaryState(p) == State.OPEN);
        });

    // then: every instance opened within a second of the first
    List<Long> opened = firstTimes(State.OPEN, 0);
    long firstOpen = opened.stream().mapToLong(t -> t).min().orElseThrow();
    assertThat(spread(opened)).as("ms from the first open to the last").isLessThanOrEqualTo(1000);

    // when: traffic goes on for more than three probe intervals while the region is down
    long before = primaryCalls();
    Await.until(
        WAIT,
        "three and a half probe intervals of traffic",
        () -> {
          round("open-" + wave[0]++, 6);
          return System.currentTimeMillis() - firstOpen >= interval.toMillis() * 7 / 2;
        });
    long probes = primaryCalls() - before;
    long intervals = (System.currentTimeMillis() - firstOpen) / interval.toMillis();

    // then: the fleet sent at most one probe per interval, and every instance stayed open
    assertThat(probes).as("primary calls while open").isBetween(1L, intervals);
    assertThat(fleet).allSatisfy(p -> assertThat(primaryState(p)).isNotEqualTo(State.CLOSED));

    // when: a fourth instance starts during the outage
    Pipeline late = Pipeline.start(config(kafka, prefix, state, INSTANCES, route, breaker));
    fleet.add(late);

    // then: it knows the breaker is open before it has called anything
    assertThat(primaryState(late)).isEqualTo(State.OPEN);
    late.awaitRunning(WAIT);

    // when: the region recovers
    sim.clearFaults();
    long recovered = System.currentTimeMillis();
    Await.until(
        WAIT,
        "every instance's primary breaker closed",
        () -> {
          round("recovered-" + wave[0]++, 6);
          return fleet.stream().allMatch(p -> primaryState(p) == State.CLOSED);
        });

    // then: the first successful probe closed it everywhere, within a second
    List<Long> closed = firstTimes(State.CLOSED, recovered);
    assertThat(spread(closed)).as("ms from the first close to the last").isLessThanOrEqualTo(1000);
    assertThat(sim.stats().endpoint(PRIMARY, MODEL).succeeded()).isPositive();
    System.out.printf(
        "FleetIT outage: open spread %d ms, %d primary calls in %d probe intervals while open,"
            + " close spread %d ms%n",
        spread(opened), probes, intervals, spread(closed));
  }

  @Test
  void shouldSpendOneQuotaBetweenThemWhenTwiceTheQuotaIsOffered(
      KafkaCluster kafka, @TempDir Path state) {
    // given: 60 requests per minute for the account, three instances
    int quota = 60;
    startFleet(
        kafka,
        state,
        new RouteConfig("default", List.of(endpoint(PRIMARY).withBudgets(quota, 0, 0))),
        b -> b);

    // when: twice the quota is offered at once
    IntStream.range(0, 2 * quota)
        .forEach(i -> client.submit(PipelineFixture.request("quota-" + i)));

    // then: each instance spends its third and holds the rest; the provider sees one quota
    Await.until(
        WAIT,
        "every instance at its share with calls waiting, or more than the quota sent",
        () ->
            primaryCalls() > quota * 1.05
                || (primaryCalls() >= quota && fleet.stream().allMatch(p -> waiting(p) > 0)),
        () -> primaryCalls() + " calls, waiting " + fleet.stream().map(FleetIT::waiting).toList());
    long calls = primaryCalls();
    assertThat(calls)
        .as("calls in the first minute")
        .isBetween((long) quota, (long) (quota * 1.05));
    System.out.printf(
        "FleetIT quota: %d calls for a quota of %d with %d offered%n", calls, quota, 2 * quota);
  }

  @Test
  void shouldNotBurstWhenAnInstanceJoinsAFleetThatSpentTheMinutesQuota(
      KafkaCluster kafka, @TempDir Path state) {
    // given: three instances that spent a quota of 60 per minute, twice that offered
    int quota = 60;
    RouteConfig route =
        new RouteConfig("default", List.of(endpoint(PRIMARY).withBudgets(quota, 0, 0)));
    String prefix = startFleet(kafka, state, route, b -> b);
    IntStream.range(0, 2 * quota).forEach(i -> client.submit(PipelineFixture.request("join-" + i)));
    Await.until(
        WAIT,
        "the quota spent with calls waiting everywhere",
        () -> primaryCalls() >= quota && fleet.stream().allMatch(p -> waiting(p) > 0),
        () -> primaryCalls() + " calls, waiting " + fleet.stream().map(FleetIT::waiting).toList());

    // when: a fourth instance joins and takes over partitions with requests waiting
    Pipeline late = Pipeline.start(config(kafka, prefix, state, INSTANCES, route, b -> b));
    fleet.add(late);
    late.awaitRunning(WAIT);
    Await.until(
        WAIT,
        "the fourth instance holding calls, or more than the quota sent",
        () -> primaryCalls() > quota * 1.05 || waiting(late) > 0,
        () -> primaryCalls() + " calls, waiting " + fleet.stream().map(FleetIT::waiting).toList());

    // then: it assumed the minute its fleet had used, instead of sending its share at once
    long calls = primaryCalls();
    assertThat(calls).as("calls in the first minute").isLessThanOrEqualTo((long) (quota * 1.05));
    System.out.printf(
        "FleetIT join: %d calls for a quota of %d after a fourth instance joined, shares %s%n",
        calls, quota, fleet.stream().map(Pipeline::quotaShare).toList());
  }

  private static double waiting(Pipeline p) {
    return p.metrics().registry().find("ballast.admission.waiting.calls").gauges().stream()
        .mapToDouble(Gauge::value)
        .sum();
  }
}
