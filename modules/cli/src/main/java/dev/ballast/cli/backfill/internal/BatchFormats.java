package dev.ballast.cli.backfill.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ballast.client.JsonCodec;

/** Picks the {@link BatchFormat} of a file, by its first line or by name. Stateless. */
public final class BatchFormats {

  private BatchFormats() {}

  /** The format of a file whose first line is {@code firstLine}. */
  public static BatchFormat detect(String firstLine, BackfillRouting routing) {
    JsonNode json;
    try {
      json = JsonCodec.MAPPER.readTree(firstLine);
    } catch (Exception e) {
      throw new IllegalArgumentException(
          "cannot tell the format from the first line (not JSON); give --format bedrock|openai");
    }
    if (json != null && json.has("custom_id")) {
      return new OpenAiFormat(routing);
    }
    if (json != null && (json.has("modelInput") || json.has("recordId"))) {
      return new BedrockFormat(routing);
    }
    throw new IllegalArgumentException(
        "cannot tell the format from the first line (neither recordId/modelInput nor custom_id);"
            + " give --format bedrock|openai");
  }

  /** The format named {@code name}. */
  public static BatchFormat named(String name, BackfillRouting routing) {
    return switch (name) {
      case "bedrock" -> new BedrockFormat(routing);
      case "openai" -> new OpenAiFormat(routing);
      default ->
          throw new IllegalArgumentException("--format must be bedrock or openai, was " + name);
    };
  }
}
