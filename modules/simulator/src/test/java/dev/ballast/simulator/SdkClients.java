package dev.ballast.simulator;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.Protocol;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeAsyncClient;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ConversationRole;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseRequest;
import software.amazon.awssdk.services.bedrockruntime.model.Message;

/** Real AWS SDK v2 Bedrock Runtime clients against a simulator, SDK retries off. */
final class SdkClients {

  static final String HAIKU = "anthropic.claude-3-haiku-20240307-v1:0";

  private SdkClients() {}

  static BedrockRuntimeClient sync(URI endpoint) {
    return BedrockRuntimeClient.builder()
        .httpClientBuilder(Apache5HttpClient.builder())
        .endpointOverride(endpoint)
        .region(Region.US_EAST_1)
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
        .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()))
        .build();
  }

  static BedrockRuntimeAsyncClient async(URI endpoint, Duration apiCallTimeout) {
    return BedrockRuntimeAsyncClient.builder()
        .httpClientBuilder(NettyNioAsyncHttpClient.builder().protocol(Protocol.HTTP1_1))
        .endpointOverride(endpoint)
        .region(Region.US_EAST_1)
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
        .overrideConfiguration(
            c -> {
              c.retryStrategy(AwsRetryStrategy.doNotRetry());
              if (apiCallTimeout != null) {
                c.apiCallTimeout(apiCallTimeout);
              }
            })
        .build();
  }

  /** A one-turn text request carrying Ballast's request metadata. */
  static ConverseRequest text(String requestId, String prompt) {
    return ConverseRequest.builder()
        .modelId(HAIKU)
        .messages(user(prompt))
        .requestMetadata(Map.of("ballast-request-id", requestId))
        .build();
  }

  static Message user(String text) {
    return Message.builder()
        .role(ConversationRole.USER)
        .content(List.of(ContentBlock.fromText(text)))
        .build();
  }
}
