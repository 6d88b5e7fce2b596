package dev.ballast.simulator;

import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Which calls a {@link FaultRule} matches. Immutable.
 *
 * @param idMatch how the request id is matched
 * @param idPattern the id, prefix or expression; null for {@link IdMatch#ANY}
 * @param regex the compiled expression for {@link IdMatch#REGEX}, else null
 * @param attempts attempt numbers; empty means every attempt
 * @param region region name, or null for every region
 * @param model model id or substring, or null for every model
 * @param times how often the rule may fire; {@link Integer#MAX_VALUE} when unlimited
 * @param structured true: only structured requests (a forced tool, a JSON schema); false: only
 *     plain ones; null: both
 * @param promptContains text the prompt (system, messages, tool definitions) must contain, or null
 */
record RuleSelector(
    IdMatch idMatch,
    String idPattern,
    Pattern regex,
    Set<Integer> attempts,
    String region,
    String model,
    int times,
    Boolean structured,
    String promptContains) {

  RuleSelector {
    attempts = Set.copyOf(attempts);
  }

  static RuleSelector of(IdMatch match, String pattern) {
    Pattern regex = match == IdMatch.REGEX ? compile(pattern) : null;
    return new RuleSelector(
        match, pattern, regex, Set.of(), null, null, Integer.MAX_VALUE, null, null);
  }

  RuleSelector withAttempts(Set<Integer> a) {
    return new RuleSelector(
        idMatch, idPattern, regex, a, region, model, times, structured, promptContains);
  }

  RuleSelector withRegion(String r) {
    return new RuleSelector(
        idMatch, idPattern, regex, attempts, r, model, times, structured, promptContains);
  }

  RuleSelector withModel(String m) {
    return new RuleSelector(
        idMatch, idPattern, regex, attempts, region, m, times, structured, promptContains);
  }

  RuleSelector withTimes(int t) {
    return new RuleSelector(
        idMatch, idPattern, regex, attempts, region, model, t, structured, promptContains);
  }

  RuleSelector withStructured(Boolean s) {
    return new RuleSelector(
        idMatch, idPattern, regex, attempts, region, model, times, s, promptContains);
  }

  RuleSelector withPromptContains(String text) {
    return new RuleSelector(
        idMatch, idPattern, regex, attempts, region, model, times, structured, text);
  }

  boolean matches(
      String requestId,
      int attempt,
      String regionName,
      String modelId,
      boolean structuredCall,
      String promptText) {
    if (structured != null && structured != structuredCall) {
      return false;
    }
    if (promptContains != null && (promptText == null || !promptText.contains(promptContains))) {
      return false;
    }
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

  private static Pattern compile(String regex) {
    try {
      return Pattern.compile(regex);
    } catch (PatternSyntaxException e) {
      throw new IllegalArgumentException(
          "invalid request id regex '" + regex + "': " + e.getDescription(), e);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RuleSelector s
        && idMatch == s.idMatch
        && Objects.equals(idPattern, s.idPattern)
        && attempts.equals(s.attempts)
        && Objects.equals(region, s.region)
        && Objects.equals(model, s.model)
        && times == s.times
        && Objects.equals(structured, s.structured)
        && Objects.equals(promptContains, s.promptContains);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        idMatch, idPattern, attempts, region, model, times, structured, promptContains);
  }

  /** The selection for {@link FaultRule#toString()}; a prompt marker is never shown. */
  String describe() {
    StringBuilder b =
        new StringBuilder(
            idMatch == IdMatch.ANY
                ? "any"
                : idMatch.name().toLowerCase(Locale.ROOT) + " '" + idPattern + "'");
    append(b, "attempts", attempts.isEmpty() ? null : new TreeSet<>(attempts));
    append(b, "region", region);
    append(b, "model", model);
    append(b, "times", times == Integer.MAX_VALUE ? null : times);
    append(b, "structured", structured);
    append(b, "promptContains", promptContains == null ? null : "(set)");
    return b.toString();
  }

  static void append(StringBuilder b, String name, Object value) {
    if (value != null) {
      b.append(", ").append(name).append(' ').append(value);
    }
  }
}
