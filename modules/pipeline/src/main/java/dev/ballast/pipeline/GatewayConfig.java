package dev.ballast.pipeline;

import dev.ballast.modelclient.context.ModelLimits;
import dev.ballast.modelclient.gateway.GatewayRoute;
import dev.ballast.modelclient.gateway.ModelGateway;
import dev.ballast.modelclient.recovery.RecoveryPlan;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The model gateway's settings and routes, derived from a configuration. Stateless. */
final class GatewayConfig {

  private GatewayConfig() {}

  /** How the model gateway calls: per-endpoint policies, bounds, limits. */
  static ModelGateway.Settings settings(BallastConfig config, Clock clock) {
    Map<String, ModelLimits> byModel = new LinkedHashMap<>();
    for (ModelConfig m : config.models().values()) {
      byModel.put(m.id(), new ModelLimits(m.contextWindow(), m.maxOutputTokens()));
    }
    return new ModelGateway.Settings(
        config.resiliencePolicy(),
        config.duration(ConfigKeys.STAGE_TIMEOUT),
        config.intValue(ConfigKeys.MAX_IN_FLIGHT),
        config.intValue(ConfigKeys.BATCH_HEADROOM),
        new RecoveryPlan.Settings(
            config.throttleBackoff(),
            config.intValue(ConfigKeys.THROTTLE_MAX_ATTEMPTS),
            config.duration(ConfigKeys.THROTTLE_WAIT_MAX),
            config.bool(ConfigKeys.TIMEOUT_SHORTEN),
            config.bool(ConfigKeys.CACHE_ENABLED),
            config.intValue(ConfigKeys.CONTEXT_OVERFLOW_RETRIES),
            config.intValue(ConfigKeys.CALLS_PER_REQUEST_MAX)),
        byModel,
        new ModelLimits(ModelConfig.DEFAULT_CONTEXT_WINDOW, ModelConfig.DEFAULT_MAX_OUTPUT_TOKENS),
        config.intValue(ConfigKeys.CONTEXT_SAFETY_MARGIN) / 100.0,
        config.intValue(ConfigKeys.IO_THREADS),
        clock);
  }

  /** The routes as the model gateway serves them. */
  static List<GatewayRoute> routes(BallastConfig config) {
    return config.routes().values().stream()
        .map(
            r ->
                new GatewayRoute(
                    r.name(),
                    r.endpoints().stream()
                        .map(
                            e ->
                                new GatewayRoute.Target(
                                    e.endpoint(),
                                    e.credentials(),
                                    e.requestsPerMinute(),
                                    e.tokensPerMinute(),
                                    e.maxConcurrency()))
                        .toList(),
                    r.context(),
                    r.summarizer(),
                    r.maxReasks(),
                    r.tiers(),
                    r.structuredOutput(),
                    r.routing()))
        .toList();
  }
}
