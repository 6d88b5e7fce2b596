package dev.ballast.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import software.amazon.awssdk.services.bedrockruntime.model.AutoToolChoice;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseRequest;
import software.amazon.awssdk.services.bedrockruntime.model.SpecificToolChoice;
import software.amazon.awssdk.services.bedrockruntime.model.Tool;
import software.amazon.awssdk.services.bedrockruntime.model.ToolChoice;
import software.amazon.awssdk.services.bedrockruntime.model.ToolConfiguration;
import software.amazon.awssdk.services.bedrockruntime.model.ToolInputSchema;
import software.amazon.awssdk.services.bedrockruntime.model.ToolSpecification;

/** Converse requests for structured (tool-use) answers. */
final class ToolRequests {

  private ToolRequests() {}

  /** A request forcing the tool {@code name}. */
  static ConverseRequest forced(String requestId, String name, JsonNode schema) {
    return forced(requestId, name, name, schema);
  }

  /** A request defining tool {@code name} and forcing {@code chosen}. */
  static ConverseRequest forced(String requestId, String name, String chosen, JsonNode schema) {
    return request(
        requestId,
        name,
        schema,
        ToolChoice.fromTool(SpecificToolChoice.builder().name(chosen).build()));
  }

  /** A request offering the tool and letting the model choose. */
  static ConverseRequest auto(String requestId, String name, JsonNode schema) {
    return request(requestId, name, schema, ToolChoice.fromAuto(AutoToolChoice.builder().build()));
  }

  private static ConverseRequest request(
      String requestId, String name, JsonNode schema, ToolChoice choice) {
    Tool tool =
        Tool.fromToolSpec(
            ToolSpecification.builder()
                .name(name)
                .description("Records the answer.")
                .inputSchema(ToolInputSchema.fromJson(Documents.fromJson(schema)))
                .build());
    return ConverseRequest.builder()
        .modelId(SdkClients.HAIKU)
        .messages(SdkClients.user("Extract the order from: two blue mugs for Ada, 12.50 each."))
        .toolConfig(ToolConfiguration.builder().tools(tool).toolChoice(choice).build())
        .requestMetadata(Map.of("ballast-request-id", requestId))
        .build();
  }
}
