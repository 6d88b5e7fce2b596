package dev.ballast.simulator.internal;

import dev.ballast.simulator.Arrival;
import dev.ballast.simulator.ErrorType;
import dev.ballast.simulator.FaultRule;
import dev.ballast.simulator.RegionConfig;
import dev.ballast.simulator.Scenario;
import dev.ballast.simulator.SimulatorStats;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import java.net.InetAddress;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running simulator behind {@code Simulator}: region servers, their event loops, the scheduler
 * of delayed replies, and the shared state every call is evaluated against.
 *
 * <p>Threads: {@link #EVENT_LOOPS} Netty event loops, shared by all regions, accept connections,
 * read each request, evaluate it and either reply at once or schedule the reply on the one-thread
 * scheduler, which writes it when due; no thread waits for a delayed reply. Admin requests run on
 * one admin thread, since a scenario change waits for region servers to bind and close. Lifecycle
 * methods ({@link #start}, {@link #setScenario}, {@link #close}) synchronize on this object;
 * everything else is thread-safe without locking.
 */
public final class SimulatorCore implements ModelCalls, SimulatorAdmin {

  private static final Logger log = LoggerFactory.getLogger(SimulatorCore.class);

  /** Event loops that read, handle and write requests: handlers never block, so one per core. */
  public static final int EVENT_LOOPS = Math.max(2, Runtime.getRuntime().availableProcessors());

  private final Clock clock;
  private final InetAddress bind;
  private final AtomicReference<ActiveScenario> scenario = new AtomicReference<>();
  private final FaultRuleSet rules = new FaultRuleSet();
  private final QuotaLedger quotas = new QuotaLedger();
  private final StatsRecorder stats = new StatsRecorder();
  private final ArrivalLog arrivals = new ArrivalLog();
  private final AtomicLong sequence = new AtomicLong();
  private final CallEvaluator evaluator;
  private final Map<String, RegionServer> servers = new LinkedHashMap<>();
  private volatile List<String> regionNames = List.of();
  private final DaemonThreads loopThreads = new DaemonThreads("ballast-sim-io");
  private final DaemonThreads schedulerThreads = new DaemonThreads("ballast-sim-scheduler");
  private final DaemonThreads adminThreads = new DaemonThreads("ballast-sim-admin");
  private ExecutorService adminThread;
  private EventLoopGroup loops;
  private ScheduledThreadPoolExecutor scheduler;
  private Responder responder;
  private boolean started;
  private boolean closed;

  public SimulatorCore(Scenario initial, Clock clock, InetAddress bind) {
    this.clock = clock;
    this.bind = bind;
    this.scenario.set(new ActiveScenario(initial, clock.instant()));
    this.evaluator = new CallEvaluator(clock, scenario::get, rules, quotas);
  }

  /** Starts one server per region; outage windows count from now. */
  public synchronized void start() {
    if (started) {
      throw new IllegalStateException("the simulator was already started");
    }
    started = true;
    loops = new NioEventLoopGroup(EVENT_LOOPS, loopThreads);
    adminThread = Executors.newSingleThreadExecutor(adminThreads);
    scheduler = new ScheduledThreadPoolExecutor(1, schedulerThreads);
    scheduler.setRemoveOnCancelPolicy(true);
    responder = new Responder(scheduler);
    try {
      apply(scenario.get().scenario());
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  /**
   * Replaces the scenario: new regions start, removed ones stop, existing ports stay; quota windows
   * start empty.
   */
  @Override
  public synchronized void setScenario(Scenario next) {
    if (!started || closed) {
      scenario.set(new ActiveScenario(next, clock.instant()));
      rules.replaceScenarioRules(next.faults());
      return;
    }
    apply(next);
    quotas.reset();
  }

  private void apply(Scenario next) {
    List<String> names = next.regions().stream().map(RegionConfig::name).toList();
    for (String name : new ArrayList<>(servers.keySet())) {
      if (!names.contains(name)) {
        servers.remove(name).stop();
        log.info("Simulator region {} stopped", name);
      }
    }
    for (RegionConfig region : next.regions()) {
      if (!servers.containsKey(region.name())) {
        RegionServer server =
            new RegionServer(
                region.name(),
                bind,
                region.port(),
                new Router(this, this, region.name(), adminThread),
                loops);
        servers.put(region.name(), server);
        log.info("Simulator region {} listening on {}", region.name(), server.uri());
      }
    }
    Map<String, RegionServer> ordered = new LinkedHashMap<>();
    names.forEach(n -> ordered.put(n, servers.get(n)));
    servers.clear();
    servers.putAll(ordered);
    regionNames = List.copyOf(names);
    scenario.set(new ActiveScenario(next, clock.instant()));
    rules.replaceScenarioRules(next.faults());
  }

  @Override
  public synchronized URI uri(String region) {
    if (!started || closed) {
      throw new IllegalStateException("the simulator is " + (closed ? "closed" : "not started"));
    }
    RegionServer server = servers.get(region);
    if (server == null) {
      throw new IllegalArgumentException(
          "unknown region '" + region + "' (known: " + regionNames + ")");
    }
    return server.uri();
  }

  /** Region names in scenario order, the primary first. */
  @Override
  public List<String> regions() {
    List<String> names = regionNames;
    return names.isEmpty()
        ? scenario.get().scenario().regions().stream().map(RegionConfig::name).toList()
        : names;
  }

  public Scenario scenario() {
    return scenario.get().scenario();
  }

  @Override
  public void inject(FaultRule rule) {
    rule.validate();
    rule.region()
        .filter(r -> !regions().contains(r))
        .ifPresent(
            r -> {
              throw new IllegalArgumentException(
                  "fault rule names unknown region '" + r + "' (known: " + regions() + ")");
            });
    rules.inject(rule);
  }

  @Override
  public void clearFaults() {
    rules.clear();
  }

  public SimulatorStats stats() {
    return stats.snapshot(regions(), true);
  }

  /** Stats without the per request id counts, for the admin endpoint. */
  @Override
  public SimulatorStats statsSummary() {
    return stats.snapshot(regions(), false);
  }

  @Override
  public int distinctRequestIds() {
    return stats.distinctRequestIds();
  }

  @Override
  public void resetStats() {
    stats.reset();
    arrivals.reset();
  }

  /** The last calls received, oldest first ({@link ArrivalLog}). */
  public List<Arrival> arrivals() {
    return arrivals.snapshot();
  }

  @Override
  public Clock clock() {
    return clock;
  }

  @Override
  public Responder responder() {
    return responder;
  }

  /** Evaluates a call read from the wire and records it in the stats. */
  @Override
  public Outcome serve(Api api, String region, ParsedCall parsed) {
    long seen = parsed.requestId() != null ? stats.arrived(parsed.requestId()) : 1;
    int attempt = parsed.attemptNumber(seen);
    Call call =
        new Call(
            api,
            region,
            parsed.modelId(),
            parsed.requestId(),
            attempt,
            sequence.incrementAndGet(),
            TokenCounter.count(parsed.prompt()),
            parsed.maxTokens(),
            parsed.structured(),
            parsed.contentHash(),
            parsed.serviceTier(),
            parsed.conversationProblem(),
            rules.readsPrompt() ? parsed.prompt().text() : null);
    long at = clock.millis();
    Outcome outcome = evaluator.evaluate(call);
    if (outcome instanceof Outcome.Success s) {
      stats.success(
          region,
          call.modelId(),
          s.inputTokens(),
          s.answer().outputTokens(),
          s.answer().stopReason(),
          call.serviceTier());
    } else if (outcome instanceof Outcome.Failure f) {
      stats.error(region, call.modelId(), f.type().statsName(), call.serviceTier());
    }
    arrivals.add(
        new Arrival(
            at, region, outcome instanceof Outcome.Failure f ? f.type().statsName() : Arrival.OK));
    if (log.isTraceEnabled()) {
      log.trace(
          "{} {} request {} attempt {} model {} -> {}",
          region,
          api,
          call.requestId(),
          attempt,
          call.modelId(),
          outcome instanceof Outcome.Failure f ? f.type().statsName() : "ok");
    }
    return outcome;
  }

  /** Records a call rejected before evaluation (unreadable request). */
  @Override
  public void rejected(String region, String modelId, ErrorType type) {
    stats.error(region, modelId == null ? "unknown" : modelId, type.statsName(), null);
  }

  /** Whether the model is unknown and the scenario refuses unknown models. */
  @Override
  public boolean refusesModel(String modelId) {
    ActiveScenario active = scenario.get();
    return active.scenario().strictModels() && active.model(modelId) == null;
  }

  /**
   * Stops every server, then the scheduler and the event loops, and waits (up to 2 s each) until
   * their threads have ended. Idempotent.
   */
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    servers.values().forEach(RegionServer::stop);
    servers.clear();
    schedulerThreads.shutdown(scheduler);
    adminThreads.shutdown(adminThread);
    if (loops != null) {
      loops.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(4, TimeUnit.SECONDS);
      try {
        loopThreads.join(2_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
