package dev.ballast.modelclient.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ballast.modelclient.ClientOptions;
import dev.ballast.modelclient.Credentials;
import dev.ballast.modelclient.Endpoint;
import dev.ballast.modelclient.Failure;
import dev.ballast.modelclient.ModelCallException;
import dev.ballast.modelclient.ModelClient;
import dev.ballast.modelclient.ModelRequest;
import dev.ballast.modelclient.Provider;
import dev.ballast.schemas.ReasonCode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What a call fails with when the endpoint misbehaves below the API, for each provider's real
 * client (Bedrock: the AWS SDK over the AWS Common Runtime's HTTP client; OpenAI-compatible: the
 * JDK's HTTP client): each way is one classified reason whichever client met it, and the server
 * sees exactly one attempt (Ballast's policies, not the clients, own retries).
 */
class TransportFailuresIT {

  /** How a raw HTTP server misbehaves, and the reason the call must fail with. */
  enum Fault {
    /** Nothing listens on the port. */
    REFUSED(ReasonCode.CONNECTION_FAILED, "cannot connect"),
    /** Accepts the connection and closes it before reading. */
    CLOSED_AT_ONCE(ReasonCode.CONNECTION_FAILED, "connection failed"),
    /** Reads the request, answers headers and part of the body, then closes. */
    BODY_CUT_SHORT(ReasonCode.CONNECTION_FAILED, "connection failed"),
    /** Reads the request and answers bytes that are not HTTP. */
    NOT_HTTP(ReasonCode.MALFORMED_RESPONSE, "not a valid http response"),
    /** Answers 200 with a body that is not complete JSON. */
    BROKEN_JSON(ReasonCode.MALFORMED_RESPONSE, "answered with a body that is not");

    final ReasonCode reason;
    final String wording;

    Fault(ReasonCode reason, String wording) {
      this.reason = reason;
      this.wording = wording;
    }
  }

  static Stream<Arguments> faults() {
    return Stream.of(Provider.values())
        .flatMap(p -> Stream.of(Fault.values()).map(f -> Arguments.of(p, f)));
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("faults")
  void shouldFailTheCallWithOneReasonAfterOneAttempt(Provider provider, Fault fault)
      throws Exception {
    // given
    ClientOptions options = ClientOptions.DEFAULTS.withCallTimeout(Duration.ofSeconds(30));
    try (RawServer server = new RawServer(fault);
        Transport transport = new Transport(options)) {
      Endpoint endpoint =
          new Endpoint(
              provider, "anthropic.claude-3-haiku-20240307-v1:0", "us-east-1", server.uri());
      ModelClient client =
          provider == Provider.BEDROCK
              ? new BedrockModelClient(endpoint, Credentials.NONE, options, transport)
              : new OpenAiModelClient(endpoint, Credentials.NONE, options, transport.jdkHttp());

      // when
      Failure failure = failureOf(client.converse(ModelRequest.of("raw-" + fault, "Hello?")));

      // then
      assertThat(failure.reasonCode()).as(failure.toString()).isEqualTo(fault.reason);
      assertThat(failure.message().toLowerCase(Locale.ROOT)).contains(fault.wording);
      assertThat(failure.message()).doesNotContain("Hello?");
      assertThat(server.connections()).isEqualTo(fault == Fault.REFUSED ? 0 : 1);
    }
  }

  private static Failure failureOf(CompletableFuture<?> call) throws Exception {
    try {
      call.get(60, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      assertThat(e.getCause()).isInstanceOf(ModelCallException.class);
      return ((ModelCallException) e.getCause()).failure();
    }
    throw new AssertionError("the call was answered");
  }

  /** A one-behaviour HTTP server on a loopback ephemeral port, counting connections. */
  private static final class RawServer implements AutoCloseable {
    private final Fault fault;
    private final ServerSocket socket;
    private final AtomicInteger connections = new AtomicInteger();
    private final Thread acceptor;

    RawServer(Fault fault) throws IOException {
      this.fault = fault;
      this.socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
      if (fault == Fault.REFUSED) {
        socket.close();
        acceptor = null;
        return;
      }
      acceptor = new Thread(this::serve, "raw-server");
      acceptor.setDaemon(true);
      acceptor.start();
    }

    URI uri() {
      return URI.create("http://127.0.0.1:" + socket.getLocalPort());
    }

    int connections() {
      return connections.get();
    }

    private void serve() {
      while (!socket.isClosed()) {
        try (Socket c = socket.accept()) {
          connections.incrementAndGet();
          if (fault == Fault.CLOSED_AT_ONCE) {
            continue;
          }
          readRequest(c.getInputStream());
          String answer =
              switch (fault) {
                case BODY_CUT_SHORT ->
                    "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                        + "Content-Length: 100\r\n\r\n{\"output\":";
                case NOT_HTTP -> "garbage\r\n\r\n";
                case BROKEN_JSON ->
                    "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                        + "Content-Length: 10\r\n\r\n{\"output\":";
                default -> throw new IllegalStateException(fault.name());
              };
          c.getOutputStream().write(answer.getBytes(StandardCharsets.US_ASCII));
          c.getOutputStream().flush();
        } catch (IOException e) {
          // closed: the test is over
        }
      }
    }

    /** Reads one request: its head, then as many body bytes as its Content-Length says. */
    private static void readRequest(InputStream in) throws IOException {
      ByteArrayOutputStream head = new ByteArrayOutputStream();
      int matched = 0;
      while (matched < 4) {
        int b = in.read();
        if (b < 0) {
          return;
        }
        head.write(b);
        matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : (b == '\r' ? 1 : 0);
      }
      int length = 0;
      for (String line : head.toString(StandardCharsets.US_ASCII).split("\r\n")) {
        if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
          length = Integer.parseInt(line.substring(15).trim());
        }
      }
      in.readNBytes(length);
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }
}
