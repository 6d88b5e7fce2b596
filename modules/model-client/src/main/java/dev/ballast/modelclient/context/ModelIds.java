package dev.ballast.modelclient.context;

import java.util.List;
import java.util.Objects;

/**
 * Model id helpers. Bedrock cross-region inference profiles prefix a model id with a geography
 * ({@code us.anthropic.claude-3-7-sonnet-20250219-v1:0}); they serve the same model, so limits and
 * token calibration are kept per base model id.
 *
 * <p>This class is thread-safe (stateless).
 */
public final class ModelIds {

  /** Geography prefixes of Bedrock inference profile ids. */
  private static final List<String> GEO_PREFIXES =
      List.of("us-gov.", "us.", "eu.", "apac.", "jp.", "au.", "ca.", "global.");

  private ModelIds() {}

  /**
   * The base model id: without a geography prefix, and for an ARN the part after its last {@code
   * /}. {@code us.anthropic.claude-3-haiku-20240307-v1:0} → {@code
   * anthropic.claude-3-haiku-20240307-v1:0}; an id without a prefix is returned as is.
   *
   * @param modelId a model id, inference profile id or ARN; not null
   */
  public static String base(String modelId) {
    Objects.requireNonNull(modelId, "modelId");
    String id = modelId.strip();
    if (id.startsWith("arn:") && id.indexOf('/') >= 0) {
      id = id.substring(id.lastIndexOf('/') + 1);
    }
    for (String prefix : GEO_PREFIXES) {
      // Only a prefix in front of a vendor.model id: "us.x" alone is no inference profile.
      if (id.startsWith(prefix) && id.indexOf('.', prefix.length()) > prefix.length()) {
        return id.substring(prefix.length());
      }
    }
    return id;
  }
}
