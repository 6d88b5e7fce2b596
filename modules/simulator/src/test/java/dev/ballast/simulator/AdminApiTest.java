package dev.ballast.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AdminApiTest {

  private static Simulator sim;

  @BeforeAll
  static void startSimulator() {
    sim = Simulator.start(Scenario.defaults());
  }

  @AfterAll
  static void stopSimulator() {
    sim.close();
  }

  @BeforeEach
  void clean() {
    sim.setScenario(Scenario.defaults());
    sim.clearFaults();
    sim.resetStats();
  }

  private static URI admin(String path) {
    return sim.uri().resolve("/_sim/" + path);
  }

  private static Http.Response converse(String requestId) {
    return Http.post(
        sim.uri().resolve("/model/anthropic.claude-3-haiku-20240307-v1%3A0/converse"),
        """
        {"messages": [{"role": "user", "content": [{"text": "hi"}]}],
         "requestMetadata": {"ballast-request-id": "%s"}}
        """
            .formatted(requestId));
  }

  @Test
  void shouldReportHealthWithEveryRegionsUri() {
    // when
    Http.Response r = Http.get(admin("health"));

    // then
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.json().get("status").asText()).isEqualTo("ok");
    assertThat(r.json().get("regions").get("us-east-1").asText()).isEqualTo(sim.uri().toString());
  }

  @Test
  void shouldReportCountsPerRegionAndTotalWhenStatsAreRequested() {
    // given
    converse("a-1");
    converse("a-2");

    // when
    JsonNode stats = Http.get(admin("stats")).json();

    // then
    assertThat(stats.get("total").get("requests").asLong()).isEqualTo(2);
    assertThat(stats.get("total").get("succeeded").asLong()).isEqualTo(2);
    assertThat(stats.get("regions").get("us-east-1").get("requests").asLong()).isEqualTo(2);
    assertThat(
            stats
                .get("total")
                .get("byModel")
                .get("anthropic.claude-3-haiku-20240307-v1:0")
                .asLong())
        .isEqualTo(2);
    assertThat(stats.get("total").get("inputTokens").asLong()).isPositive();
    assertThat(stats.get("distinctRequestIds").asInt()).isEqualTo(2);
  }

  @Test
  void shouldApplyAFaultPostedAsJsonUntilFaultsAreDeleted() {
    // given
    Http.Response posted =
        Http.post(
            admin("faults"),
            "{\"requestIdPrefix\": \"adm-\", \"error\": \"ServiceUnavailableException\"}");

    // when
    int during = converse("adm-1").status();
    Http.Response deleted = Http.send("DELETE", admin("faults"), null);
    int after = converse("adm-2").status();

    // then
    assertThat(posted.status()).isEqualTo(201);
    assertThat(during).isEqualTo(503);
    assertThat(deleted.status()).isEqualTo(200);
    assertThat(after).isEqualTo(200);
  }

  @Test
  void shouldReportCountsPerEndpointWithStopReasonsAndTiersWhenStatsAreRequested() {
    // given
    Http.post(
        admin("faults"),
        "{\"requestId\": \"ep-2\", \"error\": \"Overloaded\", \"retryAfter\": \"5s\","
            + " \"hints\": [\"retry-after-ms\"]}");
    converse("ep-1");
    Http.Response overloaded = converse("ep-2");

    // when
    JsonNode stats = Http.get(admin("stats")).json();

    // then
    assertThat(overloaded.status()).isEqualTo(503);
    assertThat(overloaded.headers().get("retry-after-ms")).isEqualTo("5000");
    JsonNode endpoint =
        stats
            .get("regions")
            .get("us-east-1")
            .get("models")
            .get("anthropic.claude-3-haiku-20240307-v1:0");
    assertThat(endpoint.get("requests").asLong()).isEqualTo(2);
    assertThat(endpoint.get("byErrorType").get("OverloadedError").asLong()).isEqualTo(1);
    assertThat(endpoint.get("byStopReason").get("end_turn").asLong()).isEqualTo(1);
    assertThat(endpoint.get("outputTokens").asLong()).isPositive();
    assertThat(stats.get("total").get("byServiceTier").isObject()).isTrue();
  }

  @Test
  void shouldRejectAFaultWithTheProblemWhenItsKeyIsUnknown() {
    // when
    Http.Response r = Http.post(admin("faults"), "{\"requestId\": \"x\", \"eror\": \"x\"}");

    // then
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.json().get("error").asText()).contains("unknown key 'eror'");
  }

  @Test
  void shouldChangeBehaviourWhenAScenarioIsPut() {
    // given
    String yaml =
        """
        regions:
          - name: us-east-1
            rates: {throttle: 1.0}
        """;

    // when
    Http.Response put = Http.send("PUT", admin("scenario"), yaml);
    int status = converse("put-1").status();

    // then
    assertThat(put.status()).isEqualTo(200);
    assertThat(status).isEqualTo(429);
    assertThat(sim.scenario().primary().rates().throttle()).isEqualTo(1.0);
  }

  @Test
  void shouldStartAndStopRegionsWhenScenariosArePutOverHttp() {
    // given
    String two =
        """
        regions:
          - name: us-east-1
          - name: us-west-2
        """;
    String one =
        """
        regions:
          - name: us-east-1
        """;

    for (int i = 0; i < 4; i++) {
      // when: a region is added, over the admin API of the region that stays
      Http.Response added = Http.send("PUT", admin("scenario"), two);

      // then: it listens
      assertThat(added.status()).as(added.body()).isEqualTo(200);
      assertThat(Http.get(sim.uri("us-west-2").resolve("/_sim/health")).status()).isEqualTo(200);

      // when: it is removed again
      Http.Response removed = Http.send("PUT", admin("scenario"), one);

      // then
      assertThat(removed.status()).as(removed.body()).isEqualTo(200);
      assertThat(sim.regions()).containsExactly("us-east-1");
    }
  }

  @Test
  void shouldApplyEveryScenarioWhenScenariosArePutConcurrently() throws Exception {
    // given: PUTs on several connections at once, each adding or removing a region
    String two = "regions: [{name: us-east-1}, {name: us-west-2}]";
    String one = "regions: [{name: us-east-1}]";
    ExecutorService clients = Executors.newFixedThreadPool(4);
    try {
      // when
      List<Future<Http.Response>> puts = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        String body = i % 2 == 0 ? two : one;
        puts.add(clients.submit(() -> Http.send("PUT", admin("scenario"), body)));
      }

      // then: every one is answered, none waits on another
      for (Future<Http.Response> put : puts) {
        Http.Response r = put.get(30, TimeUnit.SECONDS);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
      }
    } finally {
      clients.shutdownNow();
    }
  }

  @Test
  void shouldAnswerBadRequestNamingTheKeyPathWhenThePutScenarioIsInvalid() {
    // given
    String yaml =
        """
        regions:
          - name: us-east-1
            latency: {distribution: normal, value: 5ms}
        """;

    // when
    Http.Response r = Http.send("PUT", admin("scenario"), yaml);

    // then
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.json().get("error").asText())
        .contains("regions[0].latency.distribution")
        .contains("unknown distribution 'normal' (known: fixed, uniform, lognormal)");
  }

  @Test
  void shouldZeroTheCountsWhenStatsAreReset() {
    // given
    converse("z-1");

    // when
    Http.Response r = Http.post(admin("reset-stats"), "");

    // then
    assertThat(r.status()).isEqualTo(200);
    assertThat(sim.stats().total().requests()).isZero();
    assertThat(sim.stats().callsFor("z-1")).isZero();
  }

  @Test
  void shouldAnswerNotFoundWhenTheAdminOperationIsUnknown() {
    // when
    Http.Response r = Http.get(admin("nope"));

    // then
    assertThat(r.status()).isEqualTo(404);
  }
}
