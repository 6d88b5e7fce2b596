package dev.ballast.simulator;

import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A deterministic fault: which calls it matches (request id, attempt, region, model) and what it
 * does to them (an error, added latency, a malformed structured answer). Built fluently; every
 * method returns a new rule:
 *
 * <pre>{@code
 * FaultRule.forRequest("r-1").onAttempts(1, 2).error(ErrorType.THROTTLING).retryAfter(ofSeconds(2))
 * FaultRule.forRequestPrefix("slow-").delay(Duration.ofSeconds(5))
 * FaultRule.any().inRegion("us-east-1").times(3).error(ErrorType.SERVICE_UNAVAILABLE)
 * }</pre>
 *
 * <p>The attempt number is the Converse {@code requestMetadata["ballast-attempt"]} (OpenAI: header
 * {@code X-Ballast-Attempt}) when present, else the simulator's own 1-based count of the calls it
 * has seen carrying the request id.
 *
 * <p>Instances are immutable and thread-safe; the {@link #times(int)} budget is tracked by the
 * simulator per installed rule.
 */
public final class FaultRule {

  /** How a rule selects request ids. */
  public enum IdMatch {
    ANY,
    EXACT,
    PREFIX,
    REGEX
  }

  private final IdMatch idMatch;
  private final String idPattern;
  private final Pattern regex;
  private final Set<Integer> attempts;
  private final String region;
  private final String model;
  private final int times;
  private final ErrorType error;
  private final String message;
  private final Duration retryAfter;
  private final Duration delay;
  private final Malformation malformation;

  private FaultRule(
      IdMatch idMatch,
      String idPattern,
      Set<Integer> attempts,
      String region,
      String model,
      int times,
      ErrorType error,
      String message,
      Duration retryAfter,
      Duration delay,
      Malformation malformation) {
    this.idMatch = idMatch;
    this.idPattern = idPattern;
    this.regex = idMatch == IdMatch.REGEX ? compile(idPattern) : null;
    this.attempts = Set.copyOf(attempts);
    this.region = region;
    this.model = model;
    this.times = times;
    this.error = error;
    this.message = message;
    this.retryAfter = retryAfter;
    this.delay = delay;
    this.malformation = malformation;
  }

  private static FaultRule of(IdMatch match, String pattern) {
    return new FaultRule(
        match, pattern, Set.of(), null, null, Integer.MAX_VALUE, null, null, null, null, null);
  }

  /** Matches calls whose Ballast request id equals {@code requestId}. */
  public static FaultRule forRequest(String requestId) {
    return of(IdMatch.EXACT, Objects.requireNonNull(requestId, "requestId"));
  }

  /** Matches calls whose Ballast request id starts with {@code prefix}. */
  public static FaultRule forRequestPrefix(String prefix) {
    return of(IdMatch.PREFIX, Objects.requireNonNull(prefix, "prefix"));
  }

  /**
   * Matches calls whose whole Ballast request id matches {@code regex}.
   *
   * @throws IllegalArgumentException when the expression does not compile
   */
  public static FaultRule forRequestRegex(String regex) {
    return of(IdMatch.REGEX, Objects.requireNonNull(regex, "regex"));
  }

  /** Matches every call, with or without a request id. */
  public static FaultRule any() {
    return of(IdMatch.ANY, null);
  }

  /** Restricts the rule to these 1-based attempt numbers (default: every attempt). */
  public FaultRule onAttempts(int... attemptNumbers) {
    Set<Integer> set = new TreeSet<>();
    for (int a : attemptNumbers) {
      if (a < 1) {
        throw new IllegalArgumentException("attempts are 1-based, was " + a);
      }
      set.add(a);
    }
    return new FaultRule(
        idMatch,
        idPattern,
        set,
        region,
        model,
        times,
        error,
        message,
        retryAfter,
        delay,
        malformation);
  }

  /** Restricts the rule to one region. */
  public FaultRule inRegion(String regionName) {
    return new FaultRule(
        idMatch,
        idPattern,
        attempts,
        Objects.requireNonNull(regionName, "region"),
        model,
        times,
        error,
        message,
        retryAfter,
        delay,
        malformation);
  }

  /** Restricts the rule to model ids equal to or containing {@code modelIdOrSubstring}. */
  public FaultRule forModel(String modelIdOrSubstring) {
    return new FaultRule(
        idMatch,
        idPattern,
        attempts,
        region,
        Objects.requireNonNull(modelIdOrSubstring, "model"),
        times,
        error,
        message,
        retryAfter,
        delay,
        malformation);
  }

  /** Fires at most {@code n} times, then stops matching. */
  public FaultRule times(int n) {
    if (n < 1) {
      throw new IllegalArgumentException("times must be >= 1, was " + n);
    }
    return new FaultRule(
        idMatch,
        idPattern,
        attempts,
        region,
        model,
        n,
        error,
        message,
        retryAfter,
        delay,
        malformation);
  }

  /** Answers matching calls with this error. */
  public FaultRule error(ErrorType type) {
    return new FaultRule(
        idMatch,
        idPattern,
        attempts,
        region,
        model,
        times,
        Objects.requireNonNull(type, "type"),
        message,
        retryAfter,
        delay,
        malformation);
  }

  /** Replaces the error's default message. */
  public FaultRule withMessage(String text) {
    return new FaultRule(
        idMatch,
        idPattern,
        attempts,
        region,
        model,
        times,
        error,
        Objects.requireNonNull(text, "message"),
        retryAfter,
        delay,
        malformation);
  }

  /** Adds a {@code Retry-After: <seconds>} header to the error (rounded up to whole seconds). */
  public FaultRule retryAfter(Duration after) {
    requireNotNegative(after, "retryAfter");
    return new FaultRule(
        idMatch,
        idPattern,
        attempts,
        region,
        model,
        times,
        error,
        message,
        after,
        delay,
        malformation);
  }

  /**
   * Adds latency to matching calls. Without an error this is a slow success; a delay longer than
   * the client's timeout makes the client time out.
   */
  public FaultRule delay(Duration added) {
    requireNotNegative(added, "delay");
    return new FaultRule(
        idMatch,
        idPattern,
        attempts,
        region,
        model,
        times,
        error,
        message,
        retryAfter,
        added,
        malformation);
  }

  /** Answers matching structured requests with this malformed variant. */
  public FaultRule malformed(Malformation kind) {
    return new FaultRule(
        idMatch,
        idPattern,
        attempts,
        region,
        model,
        times,
        error,
        message,
        retryAfter,
        delay,
        Objects.requireNonNull(kind, "malformation"));
  }

  /**
   * Checks the rule is complete: it has an action, and a message or Retry-After only with an error.
   *
   * @throws IllegalArgumentException saying what is missing
   */
  public FaultRule validate() {
    if (error == null && delay == null && malformation == null) {
      throw new IllegalArgumentException(
          "fault rule " + this + " has no action: give it an error, a delay or a malformation");
    }
    if (error == null && (message != null || retryAfter != null)) {
      throw new IllegalArgumentException(
          "fault rule " + this + " sets a message or retryAfter but no error");
    }
    if (error != null && malformation != null) {
      throw new IllegalArgumentException(
          "fault rule " + this + " sets both an error and a malformation; choose one");
    }
    return this;
  }

  /** Whether the rule's selection matches a call. */
  public boolean matches(String requestId, int attempt, String regionName, String modelId) {
    if (!attempts.isEmpty() && !attempts.contains(attempt)) {
      return false;
    }
    if (region != null && !region.equals(regionName)) {
      return false;
    }
    if (model != null && (modelId == null || !modelId.contains(model))) {
      return false;
    }
    return switch (idMatch) {
      case ANY -> true;
      case EXACT -> idPattern.equals(requestId);
      case PREFIX -> requestId != null && requestId.startsWith(idPattern);
      case REGEX -> requestId != null && regex.matcher(requestId).matches();
    };
  }

  public IdMatch idMatch() {
    return idMatch;
  }

  /** The id, prefix or expression, empty for {@link IdMatch#ANY}. */
  public Optional<String> idPattern() {
    return Optional.ofNullable(idPattern);
  }

  /** The attempt numbers the rule fires on; empty means every attempt. */
  public Set<Integer> attempts() {
    return attempts;
  }

  public Optional<String> region() {
    return Optional.ofNullable(region);
  }

  public Optional<String> model() {
    return Optional.ofNullable(model);
  }

  /** How often the rule may fire; {@link Integer#MAX_VALUE} when unlimited. */
  public int times() {
    return times;
  }

  public Optional<ErrorType> error() {
    return Optional.ofNullable(error);
  }

  public Optional<String> message() {
    return Optional.ofNullable(message);
  }

  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }

  public Optional<Duration> delay() {
    return Optional.ofNullable(delay);
  }

  public Optional<Malformation> malformation() {
    return Optional.ofNullable(malformation);
  }

  private static Pattern compile(String regex) {
    try {
      return Pattern.compile(regex);
    } catch (PatternSyntaxException e) {
      throw new IllegalArgumentException(
          "invalid request id regex '" + regex + "': " + e.getDescription(), e);
    }
  }

  private static void requireNotNegative(Duration d, String name) {
    if (Objects.requireNonNull(d, name).isNegative()) {
      throw new IllegalArgumentException(name + " must not be negative, was " + d);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FaultRule r
        && idMatch == r.idMatch
        && Objects.equals(idPattern, r.idPattern)
        && attempts.equals(r.attempts)
        && Objects.equals(region, r.region)
        && Objects.equals(model, r.model)
        && times == r.times
        && error == r.error
        && Objects.equals(message, r.message)
        && Objects.equals(retryAfter, r.retryAfter)
        && Objects.equals(delay, r.delay)
        && malformation == r.malformation;
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        idMatch,
        idPattern,
        attempts,
        region,
        model,
        times,
        error,
        message,
        retryAfter,
        delay,
        malformation);
  }

  @Override
  public String toString() {
    StringBuilder b = new StringBuilder("FaultRule[");
    b.append(
        idMatch == IdMatch.ANY
            ? "any"
            : idMatch.name().toLowerCase(java.util.Locale.ROOT) + " '" + idPattern + "'");
    if (!attempts.isEmpty()) {
      b.append(", attempts ").append(Arrays.toString(attempts.stream().sorted().toArray()));
    }
    if (region != null) {
      b.append(", region ").append(region);
    }
    if (model != null) {
      b.append(", model ").append(model);
    }
    if (times != Integer.MAX_VALUE) {
      b.append(", times ").append(times);
    }
    if (error != null) {
      b.append(", error ").append(error.name());
    }
    if (retryAfter != null) {
      b.append(", retryAfter ").append(retryAfter);
    }
    if (delay != null) {
      b.append(", delay ").append(delay);
    }
    if (malformation != null) {
      b.append(", malformed ").append(malformation.configName());
    }
    return b.append(']').toString();
  }
}
