package dev.ballast.modelclient.context;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Token limits by model id, with a default for models it does not list. Ids are keyed by their base
 * model id ({@link ModelIds#base}), so {@code us.anthropic.claude-3-haiku-20240307-v1:0} finds the
 * entry of {@code anthropic.claude-3-haiku-20240307-v1:0}.
 *
 * <p>This class is immutable and thread-safe.
 */
public final class ModelLimitsTable {

  private final ModelLimits defaults;
  private final Map<String, ModelLimits> byModel;

  private ModelLimitsTable(ModelLimits defaults, Map<String, ModelLimits> byModel) {
    this.defaults = defaults;
    this.byModel = Map.copyOf(byModel);
  }

  /**
   * A table of the given entries.
   *
   * @param defaults limits of models not listed
   * @param byModel limits by model id; two ids with the same base model id are an error
   */
  public static ModelLimitsTable of(ModelLimits defaults, Map<String, ModelLimits> byModel) {
    Objects.requireNonNull(defaults, "defaults");
    Map<String, ModelLimits> normalized = new HashMap<>();
    Map<String, String> origin = new HashMap<>();
    byModel.forEach(
        (id, limits) -> {
          Objects.requireNonNull(limits, () -> "limits of model '" + id + "'");
          String base = ModelIds.base(id);
          if (base.isEmpty()) {
            throw new IllegalArgumentException("model id must not be blank, was '" + id + "'");
          }
          String previous = origin.putIfAbsent(base, id);
          if (previous != null) {
            throw new IllegalArgumentException(
                "model ids '" + previous + "' and '" + id + "' name the same model '" + base + "'");
          }
          normalized.put(base, limits);
        });
    return new ModelLimitsTable(defaults, normalized);
  }

  /** A table that gives every model the same limits. */
  public static ModelLimitsTable withDefault(ModelLimits defaults) {
    return of(defaults, Map.of());
  }

  /** The limits of a model id, inference profile id or ARN; the default when not listed. */
  public ModelLimits limits(String modelId) {
    return byModel.getOrDefault(ModelIds.base(modelId), defaults);
  }

  /**
   * The limits configured for a model, or null when it is not listed (only the default applies).
   */
  public ModelLimits listed(String modelId) {
    return byModel.get(ModelIds.base(modelId));
  }

  public ModelLimits defaults() {
    return defaults;
  }

  /** The listed entries by base model id. */
  public Map<String, ModelLimits> entries() {
    return byModel;
  }

  @Override
  public String toString() {
    return "ModelLimitsTable[default " + defaults + ", " + byModel.size() + " models]";
  }
}
