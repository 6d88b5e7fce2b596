package dev.ballast.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class SimulatorLifecycleTest {

  private static long simulatorThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(Thread::isAlive)
        .filter(
            t ->
                t.getName().startsWith("ballast-sim-") || t.getName().startsWith("HTTP-Dispatcher"))
        .count();
  }

  @Test
  void shouldStopEveryThreadItStartedWhenClosed() {
    // given
    long before = simulatorThreads();
    Simulator sim = Simulator.start(Scenario.of(RegionConfig.named("a"), RegionConfig.named("b")));
    Http.get(sim.uri().resolve("/_sim/health"));
    assertThat(simulatorThreads()).isGreaterThan(before);

    // when
    sim.close();

    // then
    assertThat(simulatorThreads()).isEqualTo(before);
  }

  @Test
  void shouldCloseQuicklyWhenDelayedRepliesArePending() {
    // given
    Simulator sim = Simulator.start(Scenario.defaults());
    sim.inject(FaultRule.any().delay(Duration.ofMinutes(5)));
    Http.CLIENT.sendAsync(
        HttpRequest.newBuilder(sim.uri().resolve("/v1/chat/completions"))
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"))
            .build(),
        HttpResponse.BodyHandlers.discarding());
    long started = System.nanoTime();

    // when
    sim.close();

    // then
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
  }

  @Test
  void shouldRefuseConnectionsWhenClosed() {
    // given
    Simulator sim = Simulator.start(Scenario.defaults());
    var uri = sim.uri();

    // when
    sim.close();
    sim.close();

    // then
    assertThatThrownBy(() -> Http.get(uri.resolve("/_sim/health")))
        .isInstanceOf(UncheckedIOException.class)
        .hasCauseInstanceOf(ConnectException.class);
  }

  @Test
  void shouldNameTheRegionAndPortWhenThePortIsTaken() {
    // given
    try (Simulator first = Simulator.start(Scenario.defaults())) {
      int port = first.uri().getPort();

      // then
      assertThatThrownBy(() -> Simulator.start(Scenario.defaults().withPrimaryPort(port)))
          .isInstanceOf(UncheckedIOException.class)
          .hasMessageContaining("us-east-1")
          .hasMessageContaining(Integer.toString(port));
    }
  }

  @Test
  void shouldRefuseToStartTwiceWhenAlreadyStarted() {
    // given
    try (Simulator sim = Simulator.start(Scenario.defaults())) {
      // then
      assertThatThrownBy(sim::start).isInstanceOf(IllegalStateException.class);
    }
  }

  @Test
  void shouldRejectARuleWhenItHasNoActionOrAnUnknownRegion() {
    try (Simulator sim = Simulator.start(Scenario.defaults())) {
      // then
      assertThatThrownBy(() -> sim.inject(FaultRule.forRequest("x")))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("no action");
      assertThatThrownBy(
              () -> sim.inject(FaultRule.any().inRegion("mars-1").error(ErrorType.THROTTLING)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("mars-1")
          .hasMessageContaining("us-east-1");
    }
  }

  @Test
  void shouldAnswerUnknownOperationWhenThePathIsNotBedrocks() {
    try (Simulator sim = Simulator.start(Scenario.defaults())) {
      // when
      Http.Response r = Http.get(sim.uri().resolve("/model/x/invoke-with-response-stream"));

      // then
      assertThat(r.status()).isEqualTo(404);
      assertThat(r.headers().get("x-amzn-errortype")).startsWith("UnknownOperationException:");
    }
  }

  @Test
  void shouldAnswerValidationErrorWhenTheBodyIsOverTheLimit() {
    try (Simulator sim = Simulator.start(Scenario.defaults())) {
      // given: one byte more than the 32 MiB a request body may have
      String body = "x".repeat(32 * 1024 * 1024 + 1);

      // when
      Http.Response r =
          Http.post(
              sim.uri().resolve("/model/m/converse"), body, "Content-Type", "application/json");

      // then
      assertThat(r.status()).isEqualTo(400);
      assertThat(r.headers().get("x-amzn-errortype")).startsWith("ValidationException");
      assertThat(r.body()).contains("The request body exceeds 33554432 bytes.");
    }
  }

  @Test
  void shouldAnswerBadRequestWhenTheRequestLineIsNotHttp() throws Exception {
    try (Simulator sim = Simulator.start(Scenario.defaults());
        Socket socket = new Socket(sim.uri().getHost(), sim.uri().getPort())) {
      // when: a target that is not a URI
      socket.setSoTimeout(10_000);
      socket
          .getOutputStream()
          .write(
              "GET /model/a b|c HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      String reply = new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);

      // then: a 400, and the connection closed (readAllBytes returned)
      assertThat(reply).startsWith("HTTP/1.1 400");
    }
  }

  @Test
  void shouldServeManyRequestsOnOneConnectionWhenTheClientKeepsItAlive() throws Exception {
    try (Simulator sim = Simulator.start(Scenario.defaults());
        Socket socket = new Socket(sim.uri().getHost(), sim.uri().getPort())) {
      socket.setSoTimeout(10_000);
      var in =
          new java.io.BufferedReader(
              new java.io.InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
      for (int i = 0; i < 3; i++) {
        // when
        socket
            .getOutputStream()
            .write(
                "GET /_sim/stats HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));

        // then: each reply has a status, a length and a body on the same connection
        assertThat(in.readLine()).isEqualTo("HTTP/1.1 200 OK");
        int length = -1;
        for (String line = in.readLine(); !line.isEmpty(); line = in.readLine()) {
          if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
            length = Integer.parseInt(line.substring(15).trim());
          }
        }
        assertThat(length).isPositive();
        char[] body = new char[length];
        int read = 0;
        while (read < length) {
          read += in.read(body, read, length - read);
        }
        assertThat(new String(body)).startsWith("{");
      }
    }
  }
}
