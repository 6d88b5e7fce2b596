package dev.ballast.simulator.internal;

import dev.ballast.simulator.EmptyAnswer;
import dev.ballast.simulator.ErrorType;
import dev.ballast.simulator.FaultRule;
import dev.ballast.simulator.Malformation;
import dev.ballast.simulator.RateLimitHint;
import dev.ballast.simulator.StopReason;
import java.time.Duration;
import java.util.List;

/** Reads a fault rule from a scenario's {@code faults[i]} or the admin API. Stateless. */
final class FaultRuleParser {

  static final List<String> KEYS =
      List.of(
          "requestId",
          "requestIdPrefix",
          "requestIdRegex",
          "attempts",
          "region",
          "model",
          "times",
          "structured",
          "promptContains",
          "error",
          "message",
          "retryAfter",
          "hints",
          "headers",
          "delay",
          "malformed",
          "stopReason",
          "emptyAnswer",
          "outputTokens");

  private FaultRuleParser() {}

  /**
   * Reads one rule.
   *
   * @param knownRegions the scenario's regions; a rule naming another is an error
   */
  static FaultRule parse(ConfigNode n, List<String> knownRegions) {
    n.requireKeys(KEYS);
    FaultRule rule = selection(n);
    ConfigNode attempts = n.get("attempts");
    if (attempts.isPresent()) {
      List<ConfigNode> items = attempts.raw().isArray() ? attempts.list() : List.of(attempts);
      int[] numbers = new int[items.size()];
      for (int i = 0; i < numbers.length; i++) {
        numbers[i] = items.get(i).intValue(0);
        if (numbers[i] < 1) {
          throw items.get(i).error("attempts are 1-based, was " + numbers[i]);
        }
      }
      rule = rule.onAttempts(numbers);
    }
    ConfigNode region = n.get("region");
    if (region.isPresent()) {
      String name = region.text();
      if (!knownRegions.contains(name)) {
        throw region.error("unknown region '" + name + "' (known: " + knownRegions + ")");
      }
      rule = rule.inRegion(name);
    }
    if (n.get("model").isPresent()) {
      rule = rule.forModel(n.get("model").text());
    }
    ConfigNode times = n.get("times");
    if (times.isPresent()) {
      int t = times.intValue(0);
      if (t < 1) {
        throw times.error("times must be >= 1, was " + t);
      }
      rule = rule.times(t);
    }
    if (n.get("structured").isPresent()) {
      rule = rule.whenStructured(n.get("structured").bool(false));
    }
    if (n.get("promptContains").isPresent()) {
      rule = n.get("promptContains").convert(rule::whenPromptContains);
    }
    if (n.get("error").isPresent()) {
      rule = rule.error(n.get("error").convert(ErrorType::parse));
    }
    if (n.get("message").isPresent()) {
      rule = rule.withMessage(n.get("message").text());
    }
    Duration retryAfter = n.get("retryAfter").duration(null);
    if (retryAfter != null) {
      rule = rule.retryAfter(retryAfter);
    }
    List<String> hints = n.get("hints").textList();
    if (!hints.isEmpty()) {
      RateLimitHint[] forms = new RateLimitHint[hints.size()];
      for (int i = 0; i < forms.length; i++) {
        try {
          forms[i] = RateLimitHint.parse(hints.get(i));
        } catch (IllegalArgumentException e) {
          throw n.get("hints").error(e.getMessage());
        }
      }
      rule = rule.hints(forms);
    }
    ConfigNode headers = n.get("headers");
    if (headers.isPresent()) {
      if (!headers.isObject()) {
        throw headers.error("expected a mapping of header names to values");
      }
      var names = headers.raw().fieldNames();
      while (names.hasNext()) {
        String name = names.next();
        rule = rule.header(name, headers.get(name).text());
      }
    }
    Duration delay = n.get("delay").duration(null);
    if (delay != null) {
      rule = rule.delay(delay);
    }
    if (n.get("malformed").isPresent()) {
      rule = rule.malformed(n.get("malformed").convert(Malformation::parse));
    }
    if (n.get("stopReason").isPresent()) {
      rule = rule.stopReason(n.get("stopReason").convert(StopReason::parse));
    }
    if (n.get("emptyAnswer").isPresent()) {
      rule = rule.emptyAnswer(n.get("emptyAnswer").convert(EmptyAnswer::parse));
    }
    ConfigNode outputTokens = n.get("outputTokens");
    if (outputTokens.isPresent()) {
      int t = outputTokens.intValue(0);
      if (t < 1) {
        throw outputTokens.error("outputTokens must be >= 1, was " + t);
      }
      rule = rule.outputTokens(t);
    }
    try {
      return rule.validate();
    } catch (IllegalArgumentException e) {
      throw n.error(e.getMessage());
    }
  }

  private static FaultRule selection(ConfigNode n) {
    int given = 0;
    FaultRule rule = FaultRule.any();
    if (n.get("requestId").isPresent()) {
      given++;
      rule = FaultRule.forRequest(n.get("requestId").text());
    }
    if (n.get("requestIdPrefix").isPresent()) {
      given++;
      rule = FaultRule.forRequestPrefix(n.get("requestIdPrefix").text());
    }
    if (n.get("requestIdRegex").isPresent()) {
      given++;
      rule = n.get("requestIdRegex").convert(FaultRule::forRequestRegex);
    }
    if (given > 1) {
      throw n.error("give at most one of requestId, requestIdPrefix, requestIdRegex");
    }
    return rule;
  }
}
