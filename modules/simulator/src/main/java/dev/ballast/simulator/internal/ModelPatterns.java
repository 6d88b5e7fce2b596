package dev.ballast.simulator.internal;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Matching of model ids against scenario patterns: {@code "*"}, a glob with {@code *}, or an id
 * that also matches its geo-prefixed inference profile ids. Stateless and thread-safe.
 */
public final class ModelPatterns {

  /** Prefixes of cross-region inference profile ids. */
  static final List<String> GEO_PREFIXES = List.of("us.", "eu.", "apac.", "jp.", "global.");

  private ModelPatterns() {}

  /** Whether {@code modelId} matches {@code pattern}. */
  public static boolean matches(String pattern, String modelId) {
    if (pattern.equals("*") || pattern.equals(modelId)) {
      return true;
    }
    if (pattern.contains("*")) {
      String regex = Pattern.quote(pattern).replace("*", "\\E.*\\Q").replace("\\Q\\E", "");
      return Pattern.matches(regex, modelId) || Pattern.matches(regex, withoutGeoPrefix(modelId));
    }
    return pattern.equals(withoutGeoPrefix(modelId));
  }

  /** Whether any of the patterns matches; an empty list matches everything. */
  static boolean matchesAny(List<String> patterns, String modelId) {
    return patterns.isEmpty() || patterns.stream().anyMatch(p -> matches(p, modelId));
  }

  /** {@code us.anthropic.x} → {@code anthropic.x}; ids without a geo prefix are unchanged. */
  static String withoutGeoPrefix(String modelId) {
    for (String prefix : GEO_PREFIXES) {
      if (modelId.startsWith(prefix)) {
        return modelId.substring(prefix.length());
      }
    }
    return modelId;
  }
}
