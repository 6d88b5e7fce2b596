package dev.ballast.pipeline.internal;

import dev.ballast.modelclient.BreakerListener.State;
import dev.ballast.modelclient.Endpoint;
import dev.ballast.modelclient.EndpointControl;
import dev.ballast.modelclient.FleetLink;
import dev.ballast.modelclient.gateway.ModelGateway;
import dev.ballast.schemas.EndpointSignal;
import dev.ballast.schemas.EndpointSignalKind;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.streams.ThreadMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fleet link of one instance: its endpoints' circuit breakers, throttles and quota shared with
 * every other instance of the application through the compacted {@code <prefix>endpoints} topic,
 * with Kafka as the only shared store.
 *
 * <ul>
 *   <li><b>Breakers.</b> A local breaker that opens while the fleet's is closed writes {@code
 *       OPENED}; every instance reads it (within milliseconds: the consumer's fetch is answered as
 *       soon as the record is appended) and forces its own breaker open. While open the fleet sends
 *       at most one probe per probe interval ({@code breaker.open.duration}), arbitrated by the log
 *       ({@link FleetBreakers}); the winner's successful probe writes {@code CLOSED}, which closes
 *       every instance's breaker.
 *   <li><b>Throttles.</b> A 429 (or quota, or overload) seen here writes {@code THROTTLED} with the
 *       provider's hint, at most once a second per endpoint; the other instances lower their
 *       admission's concurrency as after a local 429 and cool the endpoint down until the hint.
 *   <li><b>Quota.</b> An endpoint's per-minute budgets are the account's. Every instance sends a
 *       {@code MEMBER} heartbeat every second (and, within a second, when its partitions change):
 *       the online request partitions its active tasks own, and its estimate of the fleet's use of
 *       each budget. Each keeps to {@code own / (own + the partitions of every instance heard from
 *       within three seconds)} ({@link QuotaShare}, recomputed after every poll, at least once a
 *       second), so the shares add up to one, a dead instance's share is taken over within four
 *       seconds and given back by its first heartbeat when it returns; an instance that starts
 *       assumes the fleet's reported use of the last minute before it calls anything ({@link
 *       FleetMembers}).
 * </ul>
 *
 * <p>{@link #start} reads the topic to its end before it returns, so an instance that starts or
 * restarts knows the open breakers before it calls anything; then a daemon thread ({@code
 * ballast-fleet}) keeps reading it, polling at most every 200 ms (idle, it waits in the broker's
 * fetch). If Kafka cannot be reached, every instance keeps its own breakers and budgets as without
 * a fleet.
 *
 * <p>This class is thread-safe; the consumer is touched by the starting thread, then only by the
 * fleet thread.
 */
public final class FleetState implements FleetLink, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(FleetState.class);

  /** How long the thread waits before reading again after the topic could not be read. */
  private static final Duration RETRY_PAUSE = Duration.ofMillis(200);

  private static final long THROTTLE_EVERY_MS = 1000;
  private static final long THROTTLE_FRESH_MS = 5000;
  private static final String THROTTLE_KEY_SUFFIX = "#throttle";

  private final String me = UUID.randomUUID().toString();
  private final FleetChannel channel;
  private final FleetBreakers breakers;
  private final Clock clock;
  private final QuotaShare quota;
  private final FleetMembers members;
  private final Map<String, List<EndpointControl>> controls = new ConcurrentHashMap<>();
  private final Map<String, Long> throttleSentAt = new ConcurrentHashMap<>();
  private final Thread thread;
  private volatile boolean running = true;

  private FleetState(FleetChannel channel, Duration probeInterval, String requestsTopic) {
    this.channel = channel;
    this.clock = Clock.systemUTC();
    this.breakers = new FleetBreakers(me, probeInterval.toMillis(), clock);
    this.quota = new QuotaShare(me, requestsTopic, clock);
    this.members = new FleetMembers(me, quota, controls, channel::send, clock);
    this.thread = new Thread(this::run, "ballast-fleet");
    this.thread.setDaemon(true);
  }

  /**
   * Links every endpoint of {@code gateway} to the fleet, reads the endpoints topic to its end and
   * forces each local breaker to the fleet's state, then keeps reading on a daemon thread.
   *
   * @param channel the topic's producer and consumer; closed with this
   * @param probeInterval the fleet's probe interval ({@code breaker.open.duration})
   * @param requestsTopic the online request topic, whose partitions set the quota share
   * @param catchUp how long reading to the end may take
   * @throws IllegalStateException when the topic cannot be read to its end within {@code catchUp}
   */
  public static FleetState start(
      FleetChannel channel,
      Duration probeInterval,
      String requestsTopic,
      ModelGateway gateway,
      Duration catchUp) {
    FleetState fleet = new FleetState(channel, probeInterval, requestsTopic);
    try {
      gateway.link(fleet);
      fleet.quota.partitions(channel.partitions(requestsTopic, catchUp));
      channel.readToEnd(catchUp, r -> fleet.apply(r, true));
      fleet.controls.keySet().forEach(fleet::enforce);
      fleet.members.join();
      fleet.thread.start();
      log.info("Fleet instance {} linked {} endpoints", fleet.me, fleet.controls.size());
      return fleet;
    } catch (RuntimeException e) {
      channel.close();
      throw e;
    }
  }

  /** This instance's id in the records it writes. */
  public String instanceId() {
    return me;
  }

  /** The share of the account's quota this instance keeps to now, in (0, 1]. */
  public double share() {
    return quota.share();
  }

  /**
   * Where this instance's assignment comes from ({@code KafkaStreams::metadataForLocalThreads} of
   * the online lane); the share is computed from it on the fleet thread.
   */
  public void shareBy(Supplier<? extends Collection<ThreadMetadata>> localThreads) {
    quota.from(localThreads);
  }

  @Override
  public void attach(Endpoint endpoint, EndpointControl control) {
    controls.computeIfAbsent(endpoint.id(), k -> new CopyOnWriteArrayList<>()).add(control);
  }

  @Override
  public boolean probeDue(Endpoint endpoint) {
    return breakers.probeDue(endpoint.id());
  }

  @Override
  public Verdict verdict(Endpoint endpoint) {
    FleetBreakers.Decision d = breakers.verdict(endpoint.id());
    if (d.claimRound() > 0) {
      log.info("Claiming probe round {} of {}", d.claimRound(), endpoint.id());
      publish(endpoint.id(), EndpointSignalKind.PROBE_CLAIMED, d.claimRound(), null);
    }
    return d.verdict();
  }

  @Override
  public void breakerChanged(Endpoint endpoint, State to, long atMs) {
    if (breakers.isNews(endpoint.id(), to)) {
      publish(
          endpoint.id(),
          to == State.OPEN ? EndpointSignalKind.OPENED : EndpointSignalKind.CLOSED,
          0,
          null);
    }
  }

  @Override
  public void throttled(Endpoint endpoint, Duration retryAfter, long atMs) {
    long now = clock.millis();
    Long last = throttleSentAt.get(endpoint.id());
    if (last != null && now - last < THROTTLE_EVERY_MS) {
      return;
    }
    throttleSentAt.put(endpoint.id(), now);
    publish(
        endpoint.id(),
        EndpointSignalKind.THROTTLED,
        0,
        retryAfter == null ? null : retryAfter.toMillis());
  }

  private void publish(String endpoint, EndpointSignalKind kind, int round, Long retryAfterMs) {
    String key = kind == EndpointSignalKind.THROTTLED ? endpoint + THROTTLE_KEY_SUFFIX : endpoint;
    channel.send(
        key,
        EndpointSignal.newBuilder()
            .setEndpoint(endpoint)
            .setKind(kind)
            .setInstance(me)
            .setAtMs(clock.millis())
            .setRound(round)
            .setRetryAfterMs(retryAfterMs)
            .build());
  }

  /** Applies one record read from the topic; forces local breakers unless catching up. */
  private void apply(FleetChannel.Read r, boolean catchingUp) {
    EndpointSignal s = r.signal();
    if (s.getKind() == EndpointSignalKind.MEMBER) {
      members.heard(s, catchingUp ? r.timestampMs() : clock.millis());
      return;
    }
    if (s.getKind() == EndpointSignalKind.THROTTLED) {
      throttledElsewhere(s, catchingUp);
      return;
    }
    State changed = breakers.apply(s, r.timestampMs());
    if (changed != null) {
      log.info(
          "Fleet breaker of {} is {} ({} by instance {})",
          s.getEndpoint(),
          changed,
          s.getKind(),
          s.getInstance().equals(me) ? "this" : s.getInstance());
      if (!catchingUp) {
        enforce(s.getEndpoint());
      }
    }
  }

  /** Forces this instance's breakers of {@code endpoint} to the fleet's state. */
  private void enforce(String endpoint) {
    State fleetState = breakers.state(endpoint);
    State local = fleetState == State.CLOSED ? State.CLOSED : State.OPEN;
    for (EndpointControl c : controls.getOrDefault(endpoint, List.of())) {
      State now = c.breakerState();
      // A half-open local breaker is this instance's probe in flight: its outcome decides.
      if (now != local && !(now == State.HALF_OPEN && fleetState == State.HALF_OPEN)) {
        c.forceBreaker(local);
      }
    }
  }

  private void throttledElsewhere(EndpointSignal s, boolean catchingUp) {
    if (s.getInstance().equals(me)) {
      return;
    }
    Long hintMs = s.getRetryAfterMs();
    long now = clock.millis();
    boolean stale =
        now - s.getAtMs() > THROTTLE_FRESH_MS && (hintMs == null || s.getAtMs() + hintMs <= now);
    if (catchingUp && stale) {
      return;
    }
    Duration hint = hintMs == null ? null : Duration.ofMillis(hintMs);
    controls
        .getOrDefault(s.getEndpoint(), List.of())
        .forEach(c -> c.throttledElsewhere(hint, s.getAtMs()));
  }

  private void run() {
    while (running) {
      try {
        // Records end the wait at once; otherwise the thread wakes when a heartbeat is due (it
        // then also sees a changed assignment, at most a heartbeat late), not more often.
        channel.poll(Duration.ofMillis(quota.untilBeatMs())).forEach(r -> apply(r, false));
        members.tick();
      } catch (WakeupException e) {
        break;
      } catch (RuntimeException e) {
        log.warn("Fleet state: cannot read the endpoints topic now; retrying", e);
        pause();
      }
    }
  }

  private void pause() {
    try {
      Thread.sleep(RETRY_PAUSE.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      running = false;
    }
  }

  @Override
  public void close() {
    running = false;
    channel.wakeup();
    try {
      thread.join(Duration.ofSeconds(5).toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    members.leave();
    channel.close();
  }
}
