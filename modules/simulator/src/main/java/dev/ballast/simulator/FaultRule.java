package dev.ballast.simulator;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

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

  private final RuleSelector selector;
  private final RuleAction action;

  private FaultRule(RuleSelector selector, RuleAction action) {
    this.selector = selector;
    this.action = action;
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

  private static FaultRule of(IdMatch match, String pattern) {
    return new FaultRule(RuleSelector.of(match, pattern), RuleAction.NONE);
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
    return new FaultRule(selector.withAttempts(set), action);
  }

  /** Restricts the rule to one region. */
  public FaultRule inRegion(String regionName) {
    return new FaultRule(selector.withRegion(Objects.requireNonNull(regionName, "region")), action);
  }

  /** Restricts the rule to model ids equal to or containing {@code modelIdOrSubstring}. */
  public FaultRule forModel(String modelIdOrSubstring) {
    return new FaultRule(
        selector.withModel(Objects.requireNonNull(modelIdOrSubstring, "model")), action);
  }

  /**
   * Restricts the rule to structured requests (a forced tool, a JSON-schema output format) when
   * {@code true}, to plain ones when {@code false}.
   */
  public FaultRule whenStructured(boolean structuredRequests) {
    return new FaultRule(selector.withStructured(structuredRequests), action);
  }

  /** Restricts the rule to calls whose prompt (system, messages, tool definitions) holds text. */
  public FaultRule whenPromptContains(String marker) {
    Objects.requireNonNull(marker, "marker");
    if (marker.isEmpty()) {
      throw new IllegalArgumentException("promptContains must not be empty");
    }
    return new FaultRule(selector.withPromptContains(marker), action);
  }

  /** Fires at most {@code n} times, then stops matching. */
  public FaultRule times(int n) {
    if (n < 1) {
      throw new IllegalArgumentException("times must be >= 1, was " + n);
    }
    return new FaultRule(selector.withTimes(n), action);
  }

  /** Answers matching calls with this error. */
  public FaultRule error(ErrorType type) {
    return new FaultRule(selector, action.withError(Objects.requireNonNull(type, "type")));
  }

  /** Replaces the error's default message. */
  public FaultRule withMessage(String text) {
    return new FaultRule(selector, action.withMessage(Objects.requireNonNull(text, "message")));
  }

  /**
   * The wait the error asks for: {@code Retry-After: <seconds>} (rounded up to whole seconds), or
   * the forms given to {@link #hints}.
   */
  public FaultRule retryAfter(Duration after) {
    return new FaultRule(selector, action.withRetryAfter(after));
  }

  /**
   * Sends the {@link #retryAfter(Duration)} wait in these headers instead of {@code Retry-After} in
   * whole seconds; reset headers come with their remaining header at 0.
   */
  public FaultRule hints(RateLimitHint... forms) {
    if (forms.length == 0) {
      throw new IllegalArgumentException("give at least one hint form");
    }
    return new FaultRule(selector, action.withHints(List.of(forms)));
  }

  /** Adds a response header to the error exactly as given (e.g. a malformed hint). */
  public FaultRule header(String name, String value) {
    return new FaultRule(selector, action.withHeader(name, value));
  }

  /** Forces this stop reason on a successful answer (HTTP 200). */
  public FaultRule stopReason(StopReason reason) {
    return new FaultRule(
        selector, action.withStopReason(Objects.requireNonNull(reason, "stopReason")));
  }

  /** Answers matching calls with an empty answer (HTTP 200, zero output tokens). */
  public FaultRule emptyAnswer(EmptyAnswer kind) {
    return new FaultRule(selector, action.withEmpty(Objects.requireNonNull(kind, "empty")));
  }

  /**
   * Makes a text answer this many tokens long (a long answer takes long at the model's {@code
   * perOutputToken}); the request's maxTokens still caps it, with stop reason {@code max_tokens}.
   */
  public FaultRule outputTokens(int tokens) {
    if (tokens < 1) {
      throw new IllegalArgumentException("outputTokens must be >= 1, was " + tokens);
    }
    return new FaultRule(selector, action.withOutputTokens(tokens));
  }

  /**
   * Adds latency to matching calls. Without an error this is a slow success; a delay longer than
   * the client's timeout makes the client time out.
   */
  public FaultRule delay(Duration added) {
    return new FaultRule(selector, action.withDelay(added));
  }

  /** Answers matching structured requests with this malformed variant. */
  public FaultRule malformed(Malformation kind) {
    return new FaultRule(
        selector, action.withMalformation(Objects.requireNonNull(kind, "malformation")));
  }

  /**
   * Checks the rule is complete: it has an action, a message or Retry-After only with an error, and
   * not both an error and a malformation.
   *
   * @return this rule
   * @throws IllegalArgumentException saying what is wrong
   */
  public FaultRule validate() {
    String problem = action.problem();
    if (problem != null) {
      throw new IllegalArgumentException("fault rule " + this + " " + problem);
    }
    return this;
  }

  /**
   * Whether the rule's selection matches a plain call with an unknown prompt ({@code requestId} may
   * be null).
   */
  public boolean matches(String requestId, int attempt, String regionName, String modelId) {
    return selector.matches(requestId, attempt, regionName, modelId, false, null);
  }

  /**
   * Whether the rule's selection matches a call.
   *
   * @param requestId the Ballast request id, or null
   * @param structured whether the call asks for a structured answer
   * @param promptText the prompt's text for {@code promptContains}, or null when unknown
   */
  public boolean matches(
      String requestId,
      int attempt,
      String regionName,
      String modelId,
      boolean structured,
      String promptText) {
    return selector.matches(requestId, attempt, regionName, modelId, structured, promptText);
  }

  /** Whether the rule needs the prompt's text to decide. */
  public boolean readsPrompt() {
    return selector.promptContains() != null;
  }

  public Optional<String> region() {
    return Optional.ofNullable(selector.region());
  }

  /** How often the rule may fire; {@link Integer#MAX_VALUE} when unlimited. */
  public int times() {
    return selector.times();
  }

  public Optional<ErrorType> error() {
    return Optional.ofNullable(action.error());
  }

  public Optional<String> message() {
    return Optional.ofNullable(action.message());
  }

  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(action.retryAfter());
  }

  /** The headers the wait is sent in; empty means {@code Retry-After} in whole seconds. */
  public List<RateLimitHint> hints() {
    return action.hints();
  }

  /** Extra response headers, sent as given. */
  public Map<String, String> headers() {
    return action.headers();
  }

  public Optional<StopReason> stopReason() {
    return Optional.ofNullable(action.stopReason());
  }

  public Optional<EmptyAnswer> emptyAnswer() {
    return Optional.ofNullable(action.empty());
  }

  public Optional<Integer> outputTokens() {
    return Optional.ofNullable(action.outputTokens());
  }

  public Optional<Duration> delay() {
    return Optional.ofNullable(action.delay());
  }

  public Optional<Malformation> malformation() {
    return Optional.ofNullable(action.malformation());
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FaultRule r && selector.equals(r.selector) && action.equals(r.action);
  }

  @Override
  public int hashCode() {
    return Objects.hash(selector, action);
  }

  @Override
  public String toString() {
    return "FaultRule[" + selector.describe() + action.describe() + "]";
  }
}
