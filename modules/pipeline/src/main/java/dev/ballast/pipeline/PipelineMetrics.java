package dev.ballast.pipeline;

import dev.ballast.modelclient.BreakerListener;
import dev.ballast.modelclient.Endpoint;
import dev.ballast.modelclient.exchange.ExchangeListener;
import dev.ballast.schemas.Degradation;
import dev.ballast.schemas.InferenceResult;
import dev.ballast.schemas.Lane;
import dev.ballast.schemas.ReasonCode;
import dev.ballast.schemas.Topics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * The metrics of one pipeline instance, in one Micrometer {@link MeterRegistry}: created by {@link
 * Pipeline} and handed to everything that counts. The plain counters ({@link #requestsRead} …) feed
 * logs, the demo and benchmarks and are published as {@code ballast_*_total}; the labelled ones (by
 * lane, status, endpoint, reason) are recorded through the methods below. Names and labels follow
 * Prometheus conventions; the list is in {@code ops/README.md}.
 *
 * <p>Thread-safe: every method may be called from any thread.
 */
public final class PipelineMetrics implements ExchangeListener, BreakerListener {

  public final LongAdder requestsRead = new LongAdder();
  public final LongAdder duplicates = new LongAdder();
  public final LongAdder modelCalls = new LongAdder();
  public final LongAdder succeeded = new LongAdder();
  public final LongAdder degraded = new LongAdder();
  public final LongAdder failed = new LongAdder();
  public final LongAdder deadLettered = new LongAdder();
  public final LongAdder reissued = new LongAdder();
  public final LongAdder windowWaits = new LongAdder();
  public final LongAdder parked = new LongAdder();
  public final LongAdder fallbacks = new LongAdder();
  public final LongAdder cacheServed = new LongAdder();
  public final LongAdder summaries = new LongAdder();
  public final LongAdder reasks = new LongAdder();

  private final EstimateAccuracy estimates = new EstimateAccuracy();

  private final MeterRegistry registry;
  private final StoreGauges stores;

  /** Metrics in a fresh Prometheus registry. */
  public PipelineMetrics() {
    this(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
  }

  /** Metrics recorded into {@code registry}. */
  public PipelineMetrics(MeterRegistry registry) {
    this.registry = Objects.requireNonNull(registry, "registry");
    this.stores = new StoreGauges(registry);
    fn("ballast.exchanges", modelCalls, "exchanges started (one request on one endpoint)");
    fn("ballast.duplicates", duplicates, "requests suppressed as duplicates");
    fn("ballast.reissued", reissued, "ledger entries re-issued after a restart or rebalance");
    fn("ballast.inflight.window.waits", windowWaits, "waits for room in the in-flight window");
    fn("ballast.fallbacks", fallbacks, "requests handed to the fallback topic");
    fn("ballast.cache.served", cacheServed, "results served from the stale-if-error cache");
    fn("ballast.summaries", summaries, "older histories summarized");
    fn("ballast.reasks", reasks, "invalid structured answers re-asked");
  }

  private void fn(String name, LongAdder adder, String help) {
    FunctionCounter.builder(name, adder, LongAdder::sum).description(help).register(registry);
  }

  /** The registry every meter of this instance is in. */
  public MeterRegistry registry() {
    return registry;
  }

  /**
   * The registry's meters in the Prometheus text format (version 0.0.4).
   *
   * @throws IllegalStateException when the registry is not a {@link PrometheusMeterRegistry}
   */
  public String scrape() {
    if (registry instanceof PrometheusMeterRegistry prometheus) {
      return prometheus.scrape();
    }
    throw new IllegalStateException("not a Prometheus registry: " + registry.getClass().getName());
  }

  /** Gauges fed by stream threads: ledger sizes and parked requests per task. */
  public StoreGauges stores() {
    return stores;
  }

  /** A record was read from the request topic of {@code lane}. */
  public void received(Lane lane) {
    requestsRead.increment();
    Counter.builder("ballast.requests.received")
        .description("records read from the request topics")
        .tag("lane", MetricLabels.lane(lane))
        .register(registry)
        .increment();
  }

  /** Result {@code r} of a request of {@code lane} was written. */
  public void result(Lane lane, InferenceResult r) {
    String status = r.getStatus().name().toLowerCase(Locale.ROOT);
    switch (r.getStatus()) {
      case SUCCEEDED -> succeeded.increment();
      case DEGRADED -> degraded.increment();
      default -> failed.increment();
    }
    String reason =
        r.getStatus() != dev.ballast.schemas.Status.FAILED || r.getError() == null
            ? "none"
            : r.getError().getCode();
    Counter.builder("ballast.results")
        .description("results written")
        .tags("lane", MetricLabels.lane(lane), "status", status, "reason", reason)
        .register(registry)
        .increment();
    for (Degradation d : r.getDegradations()) {
      Counter.builder("ballast.result.degradations")
          .description("degradations applied to results written")
          .tag("degradation", d.name())
          .register(registry)
          .increment();
    }
    if (r.getLatencyMs() != null && r.getLatencyMs() >= 0) {
      Timer.builder("ballast.request.duration")
          .description("end to end: first read of a request to its result")
          .tag("lane", MetricLabels.lane(lane))
          .serviceLevelObjectives(MetricLabels.BUCKETS)
          .register(registry)
          .record(r.getLatencyMs(), TimeUnit.MILLISECONDS);
    }
  }

  /**
   * A request of {@code lane} was refused at intake with {@code code} and a {@code FAILED} result
   * written for it (no model was called, so no latency is recorded).
   */
  public void failedAtIntake(Lane lane, ReasonCode code) {
    failed.increment();
    Counter.builder("ballast.results")
        .description("results written")
        .tags("lane", MetricLabels.lane(lane), "status", "failed", "reason", code.name())
        .register(registry)
        .increment();
  }

  /** A record was written to the dlq with reason {@code code}. */
  public void deadLetter(ReasonCode code) {
    deadLettered.increment();
    Counter.builder("ballast.dead.letters")
        .description("records written to the dlq")
        .tag("reason", code.name())
        .register(registry)
        .increment();
  }

  /**
   * A request moved down its route's chain; {@code routing} is the routing text ({@code
   * dev.ballast.modelclient.recovery.Routing}), counted by its code.
   */
  public void routed(String routing) {
    int colon = routing.indexOf(':');
    Counter.builder("ballast.routing.moves")
        .description("requests moved down their route's chain, by why")
        .tag("reason", colon < 0 ? routing : routing.substring(0, colon))
        .register(registry)
        .increment();
  }

  /** A request was parked in delay tier {@code tier}. */
  public void parked(Duration tier) {
    parked.increment();
    Counter.builder("ballast.parked")
        .description("requests parked in a delay tier")
        .tag("tier", Topics.tierName(tier))
        .register(registry)
        .increment();
  }

  @Override
  public void onCall(
      Endpoint endpoint,
      boolean sent,
      String outcome,
      String notSentReason,
      long latencyMs,
      int inputTokens,
      int outputTokens) {
    Tags tags = MetricLabels.endpoint(endpoint);
    if (!sent) {
      Counter.builder("ballast.model.calls.not.sent")
          .description("calls Ballast decided not to send")
          .tags(tags)
          .tag("reason", notSentReason)
          .register(registry)
          .increment();
      return;
    }
    Counter.builder("ballast.model.calls")
        .description("HTTP calls sent to a model")
        .tags(tags)
        .tag("outcome", outcome)
        .register(registry)
        .increment();
    Timer.builder("ballast.model.call.duration")
        .description("latency of calls sent to a model")
        .tags(tags)
        .serviceLevelObjectives(MetricLabels.BUCKETS)
        .register(registry)
        .record(latencyMs, TimeUnit.MILLISECONDS);
    tokens(tags, "input", inputTokens);
    tokens(tags, "output", outputTokens);
  }

  private void tokens(Tags endpoint, String type, long n) {
    if (n > 0) {
      Counter.builder("ballast.model.tokens")
          .description("tokens the provider reported")
          .tags(endpoint)
          .tag("type", type)
          .register(registry)
          .increment(n);
    }
  }

  @Override
  public void onStateChange(Endpoint endpoint, State from, State to, long atMillis) {
    Counter.builder("ballast.breaker.transitions")
        .description("circuit breaker state changes")
        .tags(MetricLabels.endpoint(endpoint))
        .tag("to", to.name().toLowerCase(Locale.ROOT))
        .register(registry)
        .increment();
  }

  /** How close input-token estimates came to the provider's counts. */
  public EstimateAccuracy estimates() {
    return estimates;
  }

  @Override
  public void onSummary() {
    summaries.increment();
  }

  @Override
  public void onReask() {
    reasks.increment();
  }

  @Override
  public void onEstimate(int raw, int calibrated, int reported) {
    estimates.record(raw, calibrated, reported);
  }

  /** Every plain counter by name, in a fixed order: the one list snapshots are made from. */
  public Map<String, LongAdder> counters() {
    Map<String, LongAdder> m = new LinkedHashMap<>();
    m.put("requestsRead", requestsRead);
    m.put("duplicates", duplicates);
    m.put("modelCalls", modelCalls);
    m.put("succeeded", succeeded);
    m.put("degraded", degraded);
    m.put("failed", failed);
    m.put("deadLettered", deadLettered);
    m.put("reissued", reissued);
    m.put("windowWaits", windowWaits);
    m.put("parked", parked);
    m.put("fallbacks", fallbacks);
    m.put("cacheServed", cacheServed);
    m.put("summaries", summaries);
    m.put("reasks", reasks);
    m.put("estimates", estimates.answers());
    return m;
  }

  /** A snapshot by name. */
  public Map<String, Long> snapshot() {
    Map<String, Long> m = new LinkedHashMap<>();
    counters().forEach((name, counter) -> m.put(name, counter.sum()));
    return m;
  }
}
