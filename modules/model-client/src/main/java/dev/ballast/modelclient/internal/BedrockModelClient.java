package dev.ballast.modelclient.internal;

import dev.ballast.modelclient.ClientOptions;
import dev.ballast.modelclient.Credentials;
import dev.ballast.modelclient.Endpoint;
import dev.ballast.modelclient.ErrorClassifier;
import dev.ballast.modelclient.ModelCallException;
import dev.ballast.modelclient.ModelClient;
import dev.ballast.modelclient.ModelRequest;
import dev.ballast.modelclient.ModelResponse;
import dev.ballast.modelclient.StructuredOutput;
import dev.ballast.modelclient.Turn;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.SdkAdvancedAsyncClientOption;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeAsyncClient;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeAsyncClientBuilder;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ConversationRole;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseRequest;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseResponse;
import software.amazon.awssdk.services.bedrockruntime.model.InferenceConfiguration;
import software.amazon.awssdk.services.bedrockruntime.model.JsonSchemaDefinition;
import software.amazon.awssdk.services.bedrockruntime.model.Message;
import software.amazon.awssdk.services.bedrockruntime.model.OutputConfig;
import software.amazon.awssdk.services.bedrockruntime.model.OutputFormat;
import software.amazon.awssdk.services.bedrockruntime.model.OutputFormatStructure;
import software.amazon.awssdk.services.bedrockruntime.model.OutputFormatType;
import software.amazon.awssdk.services.bedrockruntime.model.SystemContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.Tool;
import software.amazon.awssdk.services.bedrockruntime.model.ToolChoice;
import software.amazon.awssdk.services.bedrockruntime.model.ToolConfiguration;
import software.amazon.awssdk.services.bedrockruntime.model.ToolInputSchema;

/**
 * {@link ModelClient} for AWS Bedrock Runtime's Converse API on the async SDK v2 client.
 *
 * <p>SDK retries are off: one {@code converse} is exactly one HTTP request, and Ballast's policies
 * own every retry. Structured answers are asked for with one tool whose input schema is the
 * request's JSON Schema, forced with {@code toolChoice}; the tool's input is the answer. A
 * request's service tier goes out as {@code serviceTier.type}.
 *
 * <p>The futures {@link #converse} returns complete on the HTTP client's I/O threads: what a caller
 * chains onto them must not block.
 *
 * <p>This class is thread-safe.
 */
public final class BedrockModelClient implements ModelClient {

  /** Name of the tool that carries a structured answer. */
  public static final String ANSWER_TOOL = "respond";

  /** Placeholder credentials for endpoints that check none. */
  private static final AwsCredentialsProvider NO_CREDENTIALS =
      StaticCredentialsProvider.create(AwsBasicCredentials.create("ballast", "ballast"));

  private final Endpoint endpoint;
  private final BedrockRuntimeAsyncClient client;
  private final Duration callTimeout;

  public BedrockModelClient(
      Endpoint endpoint, Credentials credentials, ClientOptions options, Transport transport) {
    this.endpoint = endpoint;
    this.callTimeout = options.callTimeout();
    BedrockRuntimeAsyncClientBuilder builder =
        BedrockRuntimeAsyncClient.builder()
            .region(Region.of(endpoint.region()))
            .httpClient(transport.http())
            .credentialsProvider(
                credentials == Credentials.NONE
                    ? NO_CREDENTIALS
                    // Refreshed in the background: calls start on the HTTP client's event loops,
                    // which must not wait for a credentials endpoint.
                    : DefaultCredentialsProvider.builder()
                        .asyncCredentialUpdateEnabled(true)
                        .build())
            .overrideConfiguration(
                c ->
                    c.retryStrategy(AwsRetryStrategy.doNotRetry())
                        .apiCallTimeout(options.callTimeout())
                        .scheduledExecutorService(transport.timers()))
            // Complete each call's future on the I/O thread that read its response: what runs
            // next (classifying, recording, queueing the outcome) never blocks, and a hand-off to
            // the SDK's response pool would cost a thread wake-up per call.
            .asyncConfiguration(
                a ->
                    a.advancedOption(
                        SdkAdvancedAsyncClientOption.FUTURE_COMPLETION_EXECUTOR, Runnable::run));
    endpoint.override().ifPresent(builder::endpointOverride);
    this.client = builder.build();
  }

  @Override
  public Endpoint endpoint() {
    return endpoint;
  }

  @Override
  public CompletableFuture<ModelResponse> converse(ModelRequest request) {
    return converse(request, null);
  }

  /** As {@link #converse(ModelRequest)}, bounded by {@code timeout} (null: the client's limit). */
  @Override
  public CompletableFuture<ModelResponse> converse(ModelRequest request, Duration timeout) {
    long start = System.nanoTime();
    ConverseRequest converse;
    try {
      converse = toConverse(request);
      // The client's own apiCallTimeout is callTimeout; a copy of the request carries another.
      if (timeout != null && !timeout.equals(callTimeout)) {
        converse =
            converse.toBuilder().overrideConfiguration(o -> o.apiCallTimeout(timeout)).build();
      }
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(
          new ModelCallException(endpoint, request.attempt(), ErrorClassifier.classify(e), e));
    }
    return client
        .converse(converse)
        .handle(
            (response, error) -> {
              if (error != null) {
                throw new ModelCallException(
                    endpoint, request.attempt(), ErrorClassifier.classify(error), error);
              }
              return toResponse(response, Duration.ofNanos(System.nanoTime() - start), request);
            });
  }

  private ConverseRequest toConverse(ModelRequest request) {
    List<Message> messages = new ArrayList<>(request.turns().size());
    for (Turn turn : request.turns()) {
      messages.add(
          Message.builder()
              .role(
                  turn.role() == Turn.Role.USER
                      ? ConversationRole.USER
                      : ConversationRole.ASSISTANT)
              .content(ContentBlock.fromText(turn.text()))
              .build());
    }
    ConverseRequest.Builder b =
        ConverseRequest.builder()
            .modelId(endpoint.model())
            .messages(messages)
            .requestMetadata(request.metadata());
    if (request.serviceTier() != null) {
      b.serviceTier(t -> t.type(request.serviceTier().id()));
    }
    if (request.system() != null && !request.system().isBlank()) {
      b.system(SystemContentBlock.fromText(request.system()));
    }
    InferenceConfiguration.Builder inference = InferenceConfiguration.builder();
    boolean anyInference = false;
    if (request.maxTokens() != null) {
      inference.maxTokens(request.maxTokens());
      anyInference = true;
    }
    if (request.temperature() != null) {
      inference.temperature(request.temperature());
      anyInference = true;
    }
    if (request.topP() != null) {
      inference.topP(request.topP());
      anyInference = true;
    }
    if (!request.stopSequences().isEmpty()) {
      inference.stopSequences(request.stopSequences());
      anyInference = true;
    }
    if (anyInference) {
      b.inferenceConfig(inference.build());
    }
    if (request.responseSchema() != null && request.structuredOutput() == StructuredOutput.NATIVE) {
      b.outputConfig(
          OutputConfig.builder()
              .textFormat(
                  OutputFormat.builder()
                      .type(OutputFormatType.JSON_SCHEMA)
                      .structure(
                          OutputFormatStructure.fromJsonSchema(
                              JsonSchemaDefinition.builder()
                                  .name(ANSWER_TOOL)
                                  .schema(request.responseSchema())
                                  .build()))
                      .build())
              .build());
    } else if (request.responseSchema() != null) {
      b.toolConfig(
          ToolConfiguration.builder()
              .tools(
                  Tool.fromToolSpec(
                      spec ->
                          spec.name(ANSWER_TOOL)
                              .description("Give the answer in exactly this structure.")
                              .inputSchema(
                                  ToolInputSchema.fromJson(
                                      Documents.fromJson(request.responseSchema())))))
              .toolChoice(ToolChoice.fromTool(t -> t.name(ANSWER_TOOL)))
              .build());
    }
    return b.build();
  }

  private ModelResponse toResponse(
      ConverseResponse response, Duration latency, ModelRequest request) {
    StringBuilder text = new StringBuilder();
    String json = null;
    if (response.output() != null && response.output().message() != null) {
      for (ContentBlock block : response.output().message().content()) {
        if (block.text() != null) {
          text.append(block.text());
        } else if (block.toolUse() != null && block.toolUse().input() != null && json == null) {
          json = Documents.toJson(block.toolUse().input());
        }
      }
    }
    int in = response.usage() == null ? 0 : nullToZero(response.usage().inputTokens());
    int out = response.usage() == null ? 0 : nullToZero(response.usage().outputTokens());
    if (json == null
        && request.responseSchema() != null
        && request.structuredOutput() == StructuredOutput.NATIVE) {
      // Native structured output answers in text, decoded to the schema.
      json = text.toString();
    }
    return new ModelResponse(
        endpoint,
        text.toString(),
        json,
        response.stopReasonAsString(),
        in,
        out,
        latency,
        response.responseMetadata().requestId(),
        tier(response, request));
  }

  /** The tier Bedrock says served the call, else the one asked for; null when neither. */
  private static String tier(ConverseResponse response, ModelRequest request) {
    if (response.serviceTier() != null && response.serviceTier().typeAsString() != null) {
      return response.serviceTier().typeAsString();
    }
    return request.serviceTier() == null ? null : request.serviceTier().id();
  }

  private static int nullToZero(Integer value) {
    return value == null ? 0 : value;
  }

  @Override
  public void close() {
    client.close();
  }
}
