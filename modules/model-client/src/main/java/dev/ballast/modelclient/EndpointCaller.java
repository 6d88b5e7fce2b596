package dev.ballast.modelclient;

import dev.ballast.modelclient.recovery.CallBudget;
import dev.ballast.modelclient.recovery.RecoveryTable;
import dev.ballast.schemas.ReasonCode;
import dev.failsafe.CircuitBreaker;
import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeExecutor;
import dev.failsafe.RetryPolicy;
import dev.failsafe.Timeout;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One endpoint behind its Failsafe policies, outermost first: a timeout over the whole call with
 * its retries, retries of {@link FailureClass#TRANSIENT} failures with full-jitter backoff, and a
 * circuit breaker. The client's own timeout bounds each HTTP call.
 *
 * <p>One caller per endpoint per process, shared by every stream thread, so its breaker sees all of
 * the endpoint's traffic. When the breaker is open, calls fail at once with {@code BREAKER_OPEN}
 * ({@link FailureClass#UNAVAILABLE}) without touching the network; after {@link
 * ResiliencePolicy#breakerOpenFor()} it lets {@link ResiliencePolicy#breakerProbes()} calls
 * through, and closes when they succeed.
 *
 * <p>A call's first attempt is built, signed and handed to the HTTP client on the thread that calls
 * {@link #call}; retries run on {@code scheduler}, after their backoff ({@link CallScheduler}).
 *
 * <p>This class is thread-safe.
 */
public final class EndpointCaller {

  private static final Logger log = LoggerFactory.getLogger(EndpointCaller.class);

  private final ModelClient client;
  private final Endpoint endpoint;
  private final Clock clock;
  private final CircuitBreaker<ModelResponse> breaker;
  private final FailsafeExecutor<ModelResponse> executor;
  private final RetryPolicy<ModelResponse> retry;
  private final CallScheduler scheduler;
  private final Admission admission;
  private final Cooldown cooldown;
  private final EndpointHealth health = new EndpointHealth();
  private final ResiliencePolicy policy;
  private final Duration stageTimeout;
  private final FleetHooks fleet;

  public EndpointCaller(
      ModelClient client,
      ResiliencePolicy policy,
      Duration stageTimeout,
      ScheduledExecutorService scheduler,
      Clock clock,
      BreakerListener listener) {
    this(client, policy, stageTimeout, scheduler, clock, listener, null);
  }

  /**
   * A caller that also admits each call through {@code admission} (budgets and adaptive
   * concurrency) before it is sent; null admits everything.
   */
  public EndpointCaller(
      ModelClient client,
      ResiliencePolicy policy,
      Duration stageTimeout,
      ScheduledExecutorService scheduler,
      Clock clock,
      BreakerListener listener,
      Admission admission) {
    this.admission = admission;
    this.client = Objects.requireNonNull(client, "client");
    this.endpoint = client.endpoint();
    this.clock = clock;
    this.cooldown = new Cooldown(endpoint, clock);
    this.policy = policy;
    this.stageTimeout = stageTimeout;
    Backoff backoff = policy.retryBackoff();
    this.retry =
        RetryPolicy.<ModelResponse>builder()
            .handleIf(
                (r, e) -> e != null && RecoveryTable.retriesInProcess(ErrorClassifier.classify(e)))
            .withMaxAttempts(policy.maxAttempts())
            .withDelayFn(ctx -> backoff.delay(ctx.getAttemptCount(), ThreadLocalRandom.current()))
            .build();
    this.fleet = new FleetHooks(endpoint, cooldown, admission, clock);
    this.breaker = EndpointBreakers.of(endpoint, policy, clock, fleet.around(listener));
    fleet.use(breaker);
    Timeout<ModelResponse> timeout = Timeout.<ModelResponse>builder(stageTimeout).build();
    this.scheduler = new CallScheduler(scheduler);
    this.executor = Failsafe.with(timeout).compose(retry).compose(breaker).with(this.scheduler);
  }

  public Endpoint endpoint() {
    return endpoint;
  }

  /**
   * Shares this endpoint's breaker, throttles and quota with the other instances through {@code
   * link}: from now on each call asks it first. Call once, before the first call.
   */
  public void link(FleetLink link) {
    fleet.link(link);
  }

  /** The admission of this endpoint, or null when everything is admitted. */
  public Admission admission() {
    return admission;
  }

  /** The breaker's state now. */
  public BreakerListener.State breakerState() {
    return EndpointBreakers.state(breaker);
  }

  /**
   * The share of recent calls throttled or failed against the endpoint ({@link EndpointHealth}).
   */
  public double troubleRate() {
    return health.troubleRate(clock.millis());
  }

  /** {@link #noRoom}: the endpoint's admission would make the call wait. */
  public static final String AT_LIMITS = "is at its admission limits";

  /**
   * Why a call of {@code lane} would not go out at once now ({@code "is cooling down"}, {@code "has
   * its breaker open"}, {@link #AT_LIMITS}), or null when it would.
   */
  public String noRoom(Admission.Lane lane) {
    if (cooldown.refusal() != null) {
      return "is cooling down";
    }
    if (fleet.refusing()) {
      return "has its breaker open";
    }
    return admission != null && !admission.hasRoom(lane) ? AT_LIMITS : null;
  }

  /**
   * Calls the endpoint without admission charges or a call budget; {@code request.attempt()}
   * numbers the first HTTP call, retries count on from it.
   */
  public CompletableFuture<CallReport> call(ModelRequest request) {
    return call(request, Admission.Lane.ONLINE, 0);
  }

  /** As {@link #call(ModelRequest)}, admitted for {@code lane} with {@code tokens} charged. */
  public CompletableFuture<CallReport> call(
      ModelRequest request, Admission.Lane lane, long tokens) {
    return call(request, lane, tokens, CallBudget.unlimited(request.attempt()));
  }

  /**
   * Calls the endpoint with every HTTP call admitted for {@code lane} with {@code tokens}
   * (estimated input plus the output limit) charged against the endpoint's budgets, and numbered
   * and paid for by {@code budget}: a call the budget cannot pay for is not sent. Never completes
   * exceptionally: failures are classified into the report.
   */
  public CompletableFuture<CallReport> call(
      ModelRequest request, Admission.Lane lane, long tokens, CallBudget budget) {
    return call(request, lane, tokens, budget, stageTimeout);
  }

  /**
   * As {@link #call(ModelRequest, Admission.Lane, long, CallBudget)}, with the calls and their
   * retries bounded by {@code within} (at most the stage timeout): the time left of an exchange.
   */
  public CompletableFuture<CallReport> call(
      ModelRequest request, Admission.Lane lane, long tokens, CallBudget budget, Duration within) {
    Duration limit = within.compareTo(stageTimeout) < 0 ? within : stageTimeout;
    FailsafeExecutor<ModelResponse> bounded =
        limit.equals(stageTimeout)
            ? executor
            : Failsafe.with(Timeout.<ModelResponse>builder(limit).build())
                .compose(retry)
                .compose(breaker)
                .with(scheduler);
    Failure cooling = cooldown.refusal();
    if (cooling != null) {
      return CompletableFuture.completedFuture(
          CallReport.of(CallOutcome.notSent(endpoint, budget.peek(), clock.millis(), cooling)));
    }
    FleetLink.Verdict verdict = fleet.verdict();
    if (verdict == FleetLink.Verdict.REFUSE) {
      return CompletableFuture.completedFuture(
          CallReport.of(
              CallOutcome.notSent(endpoint, budget.peek(), clock.millis(), FleetHooks.REFUSED)));
    }
    List<CallOutcome> calls = Collections.synchronizedList(new ArrayList<>());
    CompletableFuture<CallReport> report = new CompletableFuture<>();
    scheduler
        .start(
            () ->
                bounded.getStageAsync(
                    ctx ->
                        scheduler.detached(
                            AdmittedCalls.run(
                                admission,
                                lane,
                                tokens,
                                () -> attempt(request, budget, calls, limit)))))
        .whenComplete(
            (response, error) -> {
              if (verdict == FleetLink.Verdict.PROBE) {
                fleet.probeEnded(error == null);
              }
              try {
                report.complete(
                    CallReport.recorded(endpoint, calls, error, budget.peek(), clock.millis()));
              } catch (RuntimeException | LinkageError e) {
                // A defect must not leave the request waiting forever: report it as a failure.
                log.error("Cannot report a call to {}", endpoint, e);
                report.complete(
                    CallReport.of(
                        CallOutcome.notSent(
                            endpoint,
                            budget.peek(),
                            clock.millis(),
                            Failure.local(
                                FailureClass.TRANSIENT,
                                ReasonCode.INTERNAL_ERROR,
                                e.getClass().getSimpleName(),
                                e.toString()))));
              }
            });
    return report;
  }

  /** One HTTP call, recorded when it ends; not sent when the budget is spent. */
  private CompletableFuture<ModelResponse> attempt(
      ModelRequest request, CallBudget budget, List<CallOutcome> calls, Duration within) {
    int attempt = budget.take();
    if (attempt < 0) {
      return CompletableFuture.failedFuture(
          new ModelCallException(endpoint, budget.peek(), budget.exhausted(), null));
    }
    long startedAt = clock.millis();
    long startNanos = System.nanoTime();
    ModelRequest sent = request.withAttempt(attempt);
    Duration limit = callLimit(sent.maxTokens(), within);
    boolean extended = limit.compareTo(policy.callTimeout()) > 0;
    return client
        .converse(sent, limit)
        .handle(
            (response, rawError) -> {
              Throwable error = rawError;
              Failure f =
                  error != null
                      ? ErrorClassifier.classify(error)
                      : ErrorClassifier.classifyAnswer(sent, response);
              if (extended && f != null && f.reasonCode() == ReasonCode.CALL_TIMEOUT) {
                f = ErrorClassifier.answerTimeout(sent.maxTokens(), limit);
                error = new ModelCallException(endpoint, attempt, f, rawError);
              }
              health.record(f, clock.millis());
              if (f == null) {
                calls.add(CallOutcome.success(endpoint, attempt, startedAt, response));
                return CompletableFuture.completedFuture(response);
              }
              cooldown.observe(f);
              fleet.observe(f);
              long latencyMs = (System.nanoTime() - startNanos) / 1_000_000;
              calls.add(
                  error != null
                      ? CallOutcome.failure(endpoint, attempt, startedAt, latencyMs, f)
                      : CallOutcome.rejected(
                          CallOutcome.success(endpoint, attempt, startedAt, response), f));
              return CompletableFuture.<ModelResponse>failedFuture(
                  error != null ? error : new ModelCallException(endpoint, attempt, f, null));
            })
        .thenCompose(outcome -> outcome);
  }

  /**
   * The limit of one call asking for up to {@code maxTokens} output tokens ({@link
   * ResiliencePolicy#callTimeout(Integer)}), never beyond {@code within}.
   */
  private Duration callLimit(Integer maxTokens, Duration within) {
    Duration limit = policy.callTimeout(maxTokens);
    return limit.compareTo(within) > 0 ? within : limit;
  }
}
