package dev.ballast.bench.internal;

import dev.ballast.pipeline.ConfigKey;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Finds the pipeline's admission-control keys ({@code admission.*}), whatever they are named in
 * this build, and the values that budget an endpoint to a provider's requests-per-minute quota. A
 * build without admission control yields nothing.
 */
final class AdmissionSettings {

  static final String PREFIX = "admission.";

  /** The endpoint key of a requests-per-minute budget, in a route's endpoint entry. */
  static final String ENDPOINT_RPM = "requests.per.minute";

  private AdmissionSettings() {}

  /**
   * Settings for a quota of {@code rpm} requests per minute: every boolean {@code admission.*} key
   * whose name says "enabled" set to true, and every integer one that names a request rate (rpm,
   * requests per minute) but not tokens set to {@code rpm}.
   *
   * @param keys the build's keys, {@code ConfigKeys.all()}
   */
  static Map<String, Object> forRequestQuota(Map<String, ConfigKey> keys, long rpm) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (ConfigKey key : keys.values()) {
      String name = key.name().toLowerCase(Locale.ROOT);
      if (!name.startsWith(PREFIX)) {
        continue;
      }
      String rest = name.substring(PREFIX.length());
      boolean tokens = rest.contains("token") || rest.contains("tpm");
      boolean requests =
          rest.contains("rpm") || rest.contains("requests.per.minute") || rest.contains("request");
      if (key.type() == ConfigKey.Type.BOOLEAN && rest.contains("enabled")) {
        out.put(key.name(), true);
      } else if ((key.type() == ConfigKey.Type.INT || key.type() == ConfigKey.Type.LONG)
          && requests
          && !tokens) {
        out.put(key.name(), rpm);
      }
    }
    return out;
  }
}
