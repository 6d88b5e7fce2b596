package dev.ballast.pipeline;

import dev.ballast.modelclient.BreakerListener;
import dev.ballast.modelclient.Endpoint;
import dev.ballast.modelclient.exchange.ExchangeListener;
import dev.ballast.pipeline.internal.MeterCache;
import dev.ballast.schemas.Degradation;
import dev.ballast.schemas.InferenceResult;
import dev.ballast.schemas.Lane;
import dev.ballast.schemas.ReasonCode;
import dev.ballast.schemas.Topics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
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
 * <p>Labelled meters are registered once per label set and kept ({@link MeterCache}).
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
  private final MeterCache meters;

  /** Metrics in a fresh Prometheus registry. */
  public PipelineMetrics() {
    this(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
  }

  /** Metrics recorded into {@code registry}. */
  public PipelineMetrics(MeterRegistry registry) {
    this.registry = Objects.requireNonNull(registry, "registry");
    this.stores = new StoreGauges(registry);
    this.meters = new MeterCache(registry);
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
    meters
        .counter(
            "ballast.requests.received",
            "records read from the request topics",
            () -> Tags.of("lane", MetricLabels.lane(lane)),
            lane)
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
    results(lane, status, reason).increment();
    for (Degradation d : r.getDegradations()) {
      meters
          .counter(
              "ballast.result.degradations",
              "degradations applied to results written",
              () -> Tags.of("degradation", d.name()),
              d)
          .increment();
    }
    if (r.getLatencyMs() != null && r.getLatencyMs() >= 0) {
      meters
          .timer(
              "ballast.request.duration",
              "end to end: first read of a request to its result",
              MetricLabels.BUCKETS,
              () -> Tags.of("lane", MetricLabels.lane(lane)),
              lane)
          .record(r.getLatencyMs(), TimeUnit.MILLISECONDS);
    }
  }

  private Counter results(Lane lane, String status, String reason) {
    return meters.counter(
        "ballast.results",
        "results written",
        () -> Tags.of("lane", MetricLabels.lane(lane), "status", status, "reason", reason),
        lane,
        status,
        reason);
  }

  /**
   * A request of {@code lane} was refused at intake with {@code code} and a {@code FAILED} result
   * written for it (no model was called, so no latency is recorded).
   */
  public void failedAtIntake(Lane lane, ReasonCode code) {
    failed.increment();
    results(lane, "failed", code.name()).increment();
  }

  /** A record was written to the dlq with reason {@code code}. */
  public void deadLetter(ReasonCode code) {
    deadLettered.increment();
    meters
        .counter(
            "ballast.dead.letters",
            "records written to the dlq",
            () -> Tags.of("reason", code.name()),
            code)
        .increment();
  }

  /**
   * A request moved down its route's chain; {@code routing} is the routing text ({@code
   * dev.ballast.modelclient.recovery.Routing}), counted by its code.
   */
  public void routed(String routing) {
    int colon = routing.indexOf(':');
    String reason = colon < 0 ? routing : routing.substring(0, colon);
    meters
        .counter(
            "ballast.routing.moves",
            "requests moved down their route's chain, by why",
            () -> Tags.of("reason", reason),
            reason)
        .increment();
  }

  /** A request was parked in delay tier {@code tier}. */
  public void parked(Duration tier) {
    parked.increment();
    meters
        .counter(
            "ballast.parked",
            "requests parked in a delay tier",
            () -> Tags.of("tier", Topics.tierName(tier)),
            tier)
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
    if (!sent) {
      meters
          .counter(
              "ballast.model.calls.not.sent",
              "calls Ballast decided not to send",
              () -> MetricLabels.endpoint(endpoint).and("reason", notSentReason),
              endpoint,
              notSentReason)
          .increment();
      return;
    }
    meters
        .counter(
            "ballast.model.calls",
            "HTTP calls sent to a model",
            () -> MetricLabels.endpoint(endpoint).and("outcome", outcome),
            endpoint,
            outcome)
        .increment();
    meters
        .timer(
            "ballast.model.call.duration",
            "latency of calls sent to a model",
            MetricLabels.BUCKETS,
            () -> MetricLabels.endpoint(endpoint),
            endpoint)
        .record(latencyMs, TimeUnit.MILLISECONDS);
    tokens(endpoint, "input", inputTokens);
    tokens(endpoint, "output", outputTokens);
  }

  private void tokens(Endpoint endpoint, String type, long n) {
    if (n > 0) {
      meters
          .counter(
              "ballast.model.tokens",
              "tokens the provider reported",
              () -> MetricLabels.endpoint(endpoint).and("type", type),
              endpoint,
              type)
          .increment(n);
    }
  }

  @Override
  public void onStateChange(Endpoint endpoint, State from, State to, long atMillis) {
    meters
        .counter(
            "ballast.breaker.transitions",
            "circuit breaker state changes",
            () -> MetricLabels.endpoint(endpoint).and("to", to.name().toLowerCase(Locale.ROOT)),
            endpoint,
            to)
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
