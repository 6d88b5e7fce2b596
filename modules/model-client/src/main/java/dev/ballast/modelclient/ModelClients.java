package dev.ballast.modelclient;

import dev.ballast.modelclient.internal.BedrockModelClient;
import dev.ballast.modelclient.internal.OpenAiModelClient;
import dev.ballast.modelclient.internal.Transport;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

/**
 * Creates and owns the clients of a process: one {@link ModelClient} per endpoint, all sharing one
 * HTTP client and its connection pools. Closing it closes every client.
 *
 * <p>This class is thread-safe.
 */
public final class ModelClients implements AutoCloseable {

  private final ClientOptions options;
  private final Transport transport;
  private final Map<String, ModelClient> clients = new ConcurrentHashMap<>();

  private ModelClients(ClientOptions options) {
    this.options = options;
    this.transport = new Transport(options);
  }

  public static ModelClients create(ClientOptions options) {
    return new ModelClients(Objects.requireNonNull(options, "options"));
  }

  /** The client of {@code endpoint}, created on first use. */
  public ModelClient forEndpoint(Endpoint endpoint, Credentials credentials) {
    Objects.requireNonNull(endpoint, "endpoint");
    Objects.requireNonNull(credentials, "credentials");
    return clients.computeIfAbsent(
        endpoint.id()
            + "|"
            + endpoint.override().map(Object::toString).orElse("")
            + "|"
            + credentials,
        key -> create(endpoint, credentials));
  }

  private ModelClient create(Endpoint endpoint, Credentials credentials) {
    return switch (endpoint.provider()) {
      case BEDROCK -> new BedrockModelClient(endpoint, credentials, options, transport);
      case OPENAI -> new OpenAiModelClient(endpoint, credentials, options, transport.jdkHttp());
    };
  }

  /**
   * Where the calls of these clients should start: {@link ClientOptions#ioThreads()} threads that
   * build, sign and send them, so the caller's thread does none of it. Tasks must not block; they
   * are rejected ({@code RejectedExecutionException}) after {@link #close()}.
   */
  public Executor starter() {
    return transport.starter();
  }

  @Override
  public void close() {
    clients.values().forEach(ModelClient::close);
    clients.clear();
    transport.close();
  }
}
