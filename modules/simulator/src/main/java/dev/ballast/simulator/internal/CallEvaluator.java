package dev.ballast.simulator.internal;

import dev.ballast.simulator.ErrorType;
import dev.ballast.simulator.FaultRule;
import dev.ballast.simulator.Malformation;
import dev.ballast.simulator.ModelConfig;
import dev.ballast.simulator.Outage;
import dev.ballast.simulator.OverflowStyle;
import dev.ballast.simulator.RateLimitHint;
import dev.ballast.simulator.Rates;
import dev.ballast.simulator.RegionConfig;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Supplier;

/**
 * Decides each call's outcome, in this order: unknown model (strict scenarios), deterministic fault
 * rules (first match; an error rule answers, a rule that shapes the answer carries on), request
 * checks (native structured output, conversation shape, maxTokens above the model's limit), outage
 * windows, quotas, seeded random rates, the context window, then success with sampled latency.
 * Thread-safe: its collaborators are.
 */
final class CallEvaluator {

  private static final Malformation[] MALFORMATIONS = Malformation.values();

  private final Clock clock;
  private final Supplier<ActiveScenario> scenario;
  private final FaultRuleSet rules;
  private final QuotaLedger quotas;

  CallEvaluator(
      Clock clock, Supplier<ActiveScenario> scenario, FaultRuleSet rules, QuotaLedger quotas) {
    this.clock = clock;
    this.scenario = scenario;
    this.rules = rules;
    this.quotas = quotas;
  }

  Outcome evaluate(Call call) {
    ActiveScenario active = scenario.get();
    long seed = active.scenario().seed();
    ModelConfig model = active.model(call.modelId());
    if (model == null) {
      if (active.scenario().strictModels()) {
        return Outcome.Failure.of(ErrorType.RESOURCE_NOT_FOUND);
      }
      model = ModelConfig.defaultsFor(call.modelId());
    }
    RegionConfig region = active.region(call.region());

    FaultRule rule = rules.fire(call);
    long ruleDelay = rule == null ? 0 : rule.delay().map(Duration::toMillis).orElse(0L);
    if (rule != null && rule.error().isPresent()) {
      return ruleError(rule, call, model, ruleDelay);
    }

    Outcome.Failure invalid = RequestChecks.check(call, model, region);
    if (invalid != null) {
      return invalid;
    }

    Duration elapsed = Duration.between(active.appliedAt(), clock.instant());
    for (Outage outage : region.outages()) {
      if (outage.activeAt(elapsed) && ModelPatterns.matchesAny(outage.models(), call.modelId())) {
        return Outcome.Failure.of(outage.error());
      }
    }

    Integer forcedTokens = rule == null ? null : rule.outputTokens().orElse(null);
    Answer answer = AnswerPlanner.plan(call, model, seed, forcedTokens);
    long tokens = (long) call.inputTokens() + answer.outputTokens();
    long quotaWait =
        quotas.tryAcquire(call.region(), call.modelId(), region.quotas(), tokens, clock.millis());
    if (quotaWait > 0) {
      return quotaThrottle(region, quotaWait);
    }

    SplittableRandom random =
        Hashing.random(seed, "faults", call.region(), call.randomKey(), call.attempt());
    ErrorType randomError = randomError(region.rates(), random.nextDouble());
    if (randomError != null) {
      return Outcome.Failure.of(randomError);
    }
    Malformation malformation = rule == null ? null : rule.malformation().orElse(null);
    double malformedDraw = random.nextDouble();
    if (malformation == null && malformedDraw < region.rates().malformed()) {
      malformation = MALFORMATIONS[random.nextInt(MALFORMATIONS.length)];
    }

    int maxTokens = call.maxTokens() != null ? call.maxTokens() : model.maxOutputTokens();
    if ((long) call.inputTokens() + maxTokens > model.contextWindow()) {
      if (model.overflowMessage() != OverflowStyle.STOP_REASON
          || call.inputTokens() > model.contextWindow()) {
        return overflow(call, model);
      }
      answer = AnswerPlanner.windowFilled(answer, model.contextWindow() - call.inputTokens());
    }

    if (malformation != null && call.structured() != null) {
      answer = Malformer.apply(answer, malformation, call.structured().schema());
    }
    if (rule != null && rule.stopReason().isPresent()) {
      answer = AnswerPlanner.stop(answer, rule.stopReason().get());
    }
    if (rule != null && rule.emptyAnswer().isPresent()) {
      answer = Answer.empty(rule.emptyAnswer().get());
    }
    return new Outcome.Success(
        answer,
        call.inputTokens(),
        ruleDelay + latency(region, model, answer, seed, call),
        call.serviceTier());
  }

  private Outcome.Failure ruleError(FaultRule rule, Call call, ModelConfig model, long delay) {
    ErrorType type = rule.error().get();
    Outcome.Failure base = type == ErrorType.CONTEXT_OVERFLOW ? overflow(call, model) : null;
    String message = rule.message().orElse(base != null ? base.message() : type.defaultMessage());
    return new Outcome.Failure(
        type,
        message,
        hintHeaders(rule, clock.instant()),
        delay,
        base != null ? base.overflow() : null,
        null);
  }

  /** A quota's throttle, stating the wait in the region's quota hints. */
  private Outcome.Failure quotaThrottle(RegionConfig region, long waitMillis) {
    Map<String, String> headers = new LinkedHashMap<>();
    Instant now = clock.instant();
    for (RateLimitHint form : region.quotaHints()) {
      headers.put(form.headerName(), form.render(Duration.ofMillis(waitMillis), now));
      if (form.remainingHeaderName() != null) {
        headers.put(form.remainingHeaderName(), "0");
      }
    }
    return new Outcome.Failure(
        ErrorType.THROTTLING, ErrorType.THROTTLING.defaultMessage(), headers, 0, null, null);
  }

  /** The rule's rate-limit hints and extra headers, rendered for now. */
  static Map<String, String> hintHeaders(FaultRule rule, Instant now) {
    Map<String, String> headers = new LinkedHashMap<>();
    rule.retryAfter()
        .ifPresent(
            wait -> {
              List<RateLimitHint> forms =
                  rule.hints().isEmpty() ? List.of(RateLimitHint.RETRY_AFTER) : rule.hints();
              for (RateLimitHint form : forms) {
                headers.put(form.headerName(), form.render(wait, now));
                if (form.remainingHeaderName() != null) {
                  headers.put(form.remainingHeaderName(), "0");
                }
              }
            });
    headers.putAll(rule.headers());
    return headers;
  }

  private static ErrorType randomError(Rates rates, double draw) {
    double edge = rates.throttle();
    if (draw < edge) {
      return ErrorType.THROTTLING;
    }
    edge += rates.internalError();
    if (draw < edge) {
      return ErrorType.INTERNAL_SERVER;
    }
    edge += rates.serviceUnavailable();
    if (draw < edge) {
      return ErrorType.SERVICE_UNAVAILABLE;
    }
    edge += rates.modelTimeout();
    return draw < edge ? ErrorType.MODEL_TIMEOUT : null;
  }

  private static long latency(
      RegionConfig region, ModelConfig model, Answer answer, long seed, Call call) {
    SplittableRandom random =
        Hashing.random(seed, "latency", call.region(), call.randomKey(), call.attempt());
    double base = region.latency().sample(random);
    double perToken =
        (region.perOutputToken().toNanos() + model.perOutputToken().toNanos())
            / 1e6
            * answer.outputTokens();
    return Math.round(base + perToken);
  }

  /** The context-overflow failure in the model's wording, with the real numbers. */
  static Outcome.Failure overflow(Call call, ModelConfig model) {
    int maxTokens = call.maxTokens() != null ? call.maxTokens() : model.maxOutputTokens();
    OverflowStyle style = model.overflowMessage();
    String message =
        style == OverflowStyle.STOP_REASON
            ? OverflowStyle.BEDROCK.message(call.inputTokens(), maxTokens, model.contextWindow())
            : style.message(call.inputTokens(), maxTokens, model.contextWindow());
    boolean openAiWording =
        style == OverflowStyle.BEDROCK
            || style == OverflowStyle.OPENAI
            || style == OverflowStyle.STOP_REASON;
    return new Outcome.Failure(
        ErrorType.CONTEXT_OVERFLOW,
        message,
        Map.of(),
        0,
        new Outcome.Overflow(call.inputTokens(), maxTokens, model.contextWindow(), openAiWording),
        null);
  }
}
