package dev.ballast.modelclient.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ballast.modelclient.ClientOptions;
import dev.ballast.modelclient.Credentials;
import dev.ballast.modelclient.Endpoint;
import dev.ballast.modelclient.ErrorClassifier;
import dev.ballast.modelclient.Failure;
import dev.ballast.modelclient.FailureClass;
import dev.ballast.modelclient.ModelCallException;
import dev.ballast.modelclient.ModelClient;
import dev.ballast.modelclient.ModelRequest;
import dev.ballast.modelclient.ModelResponse;
import dev.ballast.modelclient.RateLimitHints;
import dev.ballast.modelclient.Turn;
import dev.ballast.schemas.ReasonCode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;

/**
 * {@link ModelClient} for OpenAI-compatible chat completions ({@code POST /v1/chat/completions}):
 * OpenAI itself, Azure OpenAI behind a gateway, vLLM, LiteLLM and the simulator. Structured answers
 * use {@code response_format: json_schema}. The API key comes from the environment variable {@code
 * OPENAI_API_KEY} with {@link Credentials#DEFAULT}; {@link Credentials#NONE} sends none. One call
 * is one HTTP request. A request's service tier goes out as OpenAI's {@code service_tier} ({@code
 * priority}, {@code default}, {@code flex}); {@code reserved} has no OpenAI counterpart and is not
 * sent.
 *
 * <p>This class is thread-safe.
 */
public final class OpenAiModelClient implements ModelClient {

  /** Where calls go when the endpoint sets no URL. */
  public static final URI DEFAULT_BASE = URI.create("https://api.openai.com");

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Endpoint endpoint;
  private final URI url;
  private final String apiKey;
  private final Duration timeout;
  private final HttpClient http;

  public OpenAiModelClient(
      Endpoint endpoint, Credentials credentials, ClientOptions options, HttpClient http) {
    this.endpoint = endpoint;
    URI base = endpoint.override().orElse(DEFAULT_BASE);
    String path = base.getPath() == null || base.getPath().isEmpty() ? "" : base.getPath();
    this.url =
        base.resolve(
            path.endsWith("/v1") ? path + "/chat/completions" : path + "/v1/chat/completions");
    this.apiKey = credentials == Credentials.NONE ? null : System.getenv("OPENAI_API_KEY");
    this.timeout = options.callTimeout();
    this.http = http;
  }

  @Override
  public Endpoint endpoint() {
    return endpoint;
  }

  @Override
  public CompletableFuture<ModelResponse> converse(ModelRequest request) {
    return converse(request, timeout);
  }

  /** As {@link #converse(ModelRequest)}, bounded by {@code limit} (null: the client's limit). */
  @Override
  public CompletableFuture<ModelResponse> converse(ModelRequest request, Duration limit) {
    long start = System.nanoTime();
    HttpRequest.Builder b =
        HttpRequest.newBuilder(url)
            .timeout(limit == null ? timeout : limit)
            .header("Content-Type", "application/json")
            .header("X-Ballast-Request-Id", request.requestId())
            .header("X-Ballast-Attempt", Integer.toString(request.attempt()));
    if (apiKey != null && !apiKey.isBlank()) {
      b.header("Authorization", "Bearer " + apiKey);
    }
    HttpRequest httpRequest;
    try {
      httpRequest = b.POST(HttpRequest.BodyPublishers.ofString(body(request))).build();
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(
          new ModelCallException(endpoint, request.attempt(), ErrorClassifier.classify(e), e));
    }
    return http.sendAsync(httpRequest, HttpResponse.BodyHandlers.ofString())
        .handle(
            (response, error) -> {
              if (error != null) {
                throw new ModelCallException(
                    endpoint, request.attempt(), ErrorClassifier.classify(error), error);
              }
              Duration latency = Duration.ofNanos(System.nanoTime() - start);
              if (response.statusCode() / 100 != 2) {
                throw new ModelCallException(endpoint, request.attempt(), failure(response), null);
              }
              return parse(response, latency, request);
            });
  }

  private String body(ModelRequest request) {
    ObjectNode body = JSON.createObjectNode();
    body.put("model", endpoint.model());
    ArrayNode messages = body.putArray("messages");
    if (request.system() != null && !request.system().isBlank()) {
      messages.addObject().put("role", "system").put("content", request.system());
    }
    for (Turn t : request.turns()) {
      messages
          .addObject()
          .put("role", t.role() == Turn.Role.USER ? "user" : "assistant")
          .put("content", t.text());
    }
    if (request.maxTokens() != null) {
      body.put("max_tokens", request.maxTokens());
    }
    if (request.temperature() != null) {
      body.put("temperature", request.temperature());
    }
    if (request.topP() != null) {
      body.put("top_p", request.topP());
    }
    if (!request.stopSequences().isEmpty()) {
      ArrayNode stop = body.putArray("stop");
      request.stopSequences().forEach(stop::add);
    }
    if (request.serviceTier() != null && request.serviceTier().inOpenAi()) {
      body.put("service_tier", request.serviceTier().id());
    }
    if (request.responseSchema() != null) {
      ObjectNode format = body.putObject("response_format");
      format.put("type", "json_schema");
      ObjectNode schema = format.putObject("json_schema");
      schema.put("name", "answer");
      try {
        schema.set("schema", JSON.readTree(request.responseSchema()));
      } catch (JsonProcessingException e) {
        throw new IllegalArgumentException(
            "responseSchema is not JSON: " + e.getOriginalMessage(), e);
      }
    }
    return body.toString();
  }

  private ModelResponse parse(
      HttpResponse<String> response, Duration latency, ModelRequest request) {
    JsonNode json;
    try {
      json = JSON.readTree(response.body());
    } catch (JsonProcessingException e) {
      throw new ModelCallException(
          endpoint,
          request.attempt(),
          new Failure(
              FailureClass.TRANSIENT,
              ReasonCode.MALFORMED_RESPONSE,
              "the endpoint answered with a body that is not JSON",
              "MalformedResponse",
              response.statusCode(),
              null),
          e);
    }
    JsonNode choice = json.path("choices").path(0);
    String content = choice.path("message").path("content").asText("");
    JsonNode usage = json.path("usage");
    return new ModelResponse(
        endpoint,
        content,
        null,
        choice.path("finish_reason").asText(null),
        usage.path("prompt_tokens").asInt(0),
        usage.path("completion_tokens").asInt(0),
        latency,
        json.path("id").asText(null),
        json.path("service_tier").isTextual()
            ? json.path("service_tier").asText()
            : request.serviceTier() == null || !request.serviceTier().inOpenAi()
                ? null
                : request.serviceTier().id());
  }

  private static Failure failure(HttpResponse<String> response) {
    String code = null;
    String type = null;
    String message = null;
    try {
      JsonNode error = JSON.readTree(response.body()).path("error");
      code = error.path("code").isTextual() ? error.path("code").asText() : null;
      type = error.path("type").isTextual() ? error.path("type").asText() : null;
      message = error.path("message").isTextual() ? error.path("message").asText() : null;
    } catch (JsonProcessingException notJson) {
      message = "HTTP " + response.statusCode() + " with a body that is not JSON";
    }
    return ErrorClassifier.classifyHttp(
        response.statusCode(),
        code,
        type,
        message,
        RateLimitHints.wait(response.headers().map(), Instant.now()).orElse(null));
  }

  @Override
  public void close() {
    // The HTTP client is shared and owned by the transport.
  }
}
