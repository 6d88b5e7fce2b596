package dev.ballast.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ballast.broker.EmbeddedKafkaBroker;
import dev.ballast.client.JsonCodec;
import dev.ballast.modelclient.Credentials;
import dev.ballast.modelclient.Endpoint;
import dev.ballast.modelclient.Provider;
import dev.ballast.pipeline.BallastConfig;
import dev.ballast.pipeline.ConfigKeys;
import dev.ballast.pipeline.EndpointConfig;
import dev.ballast.pipeline.Pipeline;
import dev.ballast.pipeline.RouteConfig;
import dev.ballast.simulator.Simulator;
import dev.ballast.testkit.SimulatorExtension;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * A secured cluster: the embedded broker with a SASL_SSL listener (SCRAM-SHA-256 over TLS with a
 * certificate from a CA made by the test). The pipeline and the client commands reach Kafka only
 * through that listener, with the same settings: under {@code streams} for the pipeline, in a
 * {@code --command-config} file for {@code submit} and {@code results}.
 */
@ExtendWith(SimulatorExtension.class)
class SecuredClusterIT {

  private static final String LISTENER = "SASL_SSL";
  private static final String USER = "ballast-app";
  private static final String MODEL = "anthropic.claude-3-haiku-20240307-v1:0";

  private record Run(int status, String out, String err) {}

  @Test
  void shouldSubmitAndReadResultsWhenTheClusterNeedsSaslSsl(Simulator sim, @TempDir Path dir)
      throws Exception {
    // given: a broker whose SASL_SSL listener knows one SCRAM user
    TestCertificates certs = TestCertificates.create(dir);
    String secret = "pw-" + Long.toHexString(System.nanoTime());
    String prefix = "listener.name." + LISTENER.toLowerCase() + ".";
    Map<String, String> broker =
        Map.of(
            "sasl.enabled.mechanisms",
            "SCRAM-SHA-256",
            prefix + "scram-sha-256.sasl.jaas.config",
            "org.apache.kafka.common.security.scram.ScramLoginModule required;",
            prefix + "ssl.keystore.location",
            certs.brokerKeystore().toString(),
            prefix + "ssl.keystore.password",
            certs.password(),
            prefix + "ssl.key.password",
            certs.password(),
            prefix + "ssl.keystore.type",
            "PKCS12");
    try (EmbeddedKafkaBroker kafka =
        EmbeddedKafkaBroker.start(broker, Map.of(LISTENER, "SASL_SSL"))) {
      try (Admin admin = Admin.create(kafka.clientProperties())) {
        admin
            .alterUserScramCredentials(
                List.of(
                    new UserScramCredentialUpsertion(
                        USER, new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_256, 4096), secret)))
            .all()
            .get();
      }
      Map<String, String> security =
          Map.of(
              "security.protocol",
              "SASL_SSL",
              "sasl.mechanism",
              "SCRAM-SHA-256",
              "sasl.jaas.config",
              "org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
                  + USER
                  + "\" password=\""
                  + secret
                  + "\";",
              "ssl.truststore.location",
              certs.truststore().toString(),
              "ssl.truststore.password",
              certs.password(),
              "ssl.truststore.type",
              "PKCS12");
      String bootstrap = kafka.bootstrapServers(LISTENER);
      StringBuilder properties = new StringBuilder();
      security.forEach(
          (k, v) -> properties.append(k).append('=').append(v.replace("\\", "\\\\")).append('\n'));
      Path commandConfig =
          TestCertificates.write(dir.resolve("client.properties"), properties.toString());
      Path requests =
          TestCertificates.write(
              dir.resolve("requests.jsonl"),
              "{\"id\":\"sec-1\",\"prompt\":\"Say hello\"}\n{\"id\":\"sec-2\",\"prompt\":\"Say bye\"}\n");
      BallastConfig.Builder config =
          BallastConfig.builder()
              .put(ConfigKeys.BOOTSTRAP_SERVERS, bootstrap)
              .put(ConfigKeys.APPLICATION_ID, "secured-it")
              .put(ConfigKeys.TOPIC_PREFIX, "secured.")
              .put(ConfigKeys.TOPIC_PARTITIONS, 2)
              .put(ConfigKeys.STATE_DIR, dir.resolve("state").toString())
              .route(
                  RouteConfig.of(
                      "default",
                      new EndpointConfig(
                          new Endpoint(Provider.BEDROCK, MODEL, "us-east-1", sim.uri()),
                          Credentials.NONE)));
      security.forEach(config::stream);

      try (Pipeline pipeline =
          Pipeline.start(config.build()).awaitRunning(Duration.ofSeconds(60))) {
        // when
        Run submitted =
            run(
                "submit",
                "--bootstrap-servers",
                bootstrap,
                "--topic-prefix",
                "secured.",
                "--command-config",
                commandConfig.toString(),
                "--file",
                requests.toString());
        Run results =
            run(
                "results",
                "--bootstrap-servers",
                bootstrap,
                "--topic-prefix",
                "secured.",
                "--command-config",
                commandConfig.toString(),
                "--wait-for",
                "sec-1,sec-2",
                "--timeout",
                "60");

        // then
        assertThat(submitted.status()).as(submitted.err()).isZero();
        assertThat(submitted.out().lines()).containsExactly("sec-1", "sec-2");
        assertThat(results.status()).as(results.err()).isZero();
        List<JsonNode> lines = results.out().lines().map(l -> readTree(l)).toList();
        assertThat(lines)
            .extracting(n -> n.get("id").asText())
            .containsExactlyInAnyOrder("sec-1", "sec-2");
        assertThat(lines)
            .allSatisfy(n -> assertThat(n.get("status").asText()).isEqualTo("SUCCEEDED"));
        assertThat(sim.stats().callsFor("sec-1")).isEqualTo(1);
        assertThat(sim.stats().callsFor("sec-2")).isEqualTo(1);
        assertThat(pipeline.state()).isEqualTo(KafkaStreams.State.RUNNING);
      }
    }
  }

  private static JsonNode readTree(String line) {
    try {
      return JsonCodec.MAPPER.readTree(line);
    } catch (Exception e) {
      throw new AssertionError("not JSON: " + line, e);
    }
  }

  private static Run run(String... args) {
    CommandLine cli = BallastCli.commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    int status = cli.execute(args);
    return new Run(status, out.toString(), err.toString());
  }
}
