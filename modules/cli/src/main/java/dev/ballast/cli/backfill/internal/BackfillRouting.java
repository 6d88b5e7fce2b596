package dev.ballast.cli.backfill.internal;

import java.util.Map;
import java.util.TreeMap;

/**
 * Which route serves a line: {@code modelRoutes} maps model names to routes; {@code route} serves
 * every other model (and every Bedrock line); without it, a model not mapped is a bad line.
 *
 * @param route route for lines whose model is not mapped, or null
 * @param modelRoutes model name to route
 * @param model the model of a Bedrock job (Bedrock lines name none), or null
 */
public record BackfillRouting(String route, Map<String, String> modelRoutes, String model) {

  public BackfillRouting {
    modelRoutes = Map.copyOf(modelRoutes);
  }

  /**
   * The route of a Bedrock job's lines: {@code model}'s mapping, else {@code route}, else {@code
   * default}.
   */
  public String bedrockRoute() {
    String r = model == null ? null : modelRoutes.get(model);
    return r != null ? r : route != null ? route : "default";
  }

  /**
   * The route of {@code model}.
   *
   * @throws IllegalArgumentException naming the model and the known ones
   */
  public String routeOf(String model) {
    String r = model == null ? null : modelRoutes.get(model);
    if (r != null) {
      return r;
    }
    if (route != null) {
      return route;
    }
    throw new IllegalArgumentException(
        "unknown model '"
            + model
            + "' (known: "
            + new TreeMap<>(modelRoutes).keySet()
            + "; map it with --model-route MODEL=ROUTE or give --route)");
  }
}
