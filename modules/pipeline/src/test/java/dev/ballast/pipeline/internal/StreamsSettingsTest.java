package dev.ballast.pipeline.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ballast.modelclient.Credentials;
import dev.ballast.modelclient.Endpoint;
import dev.ballast.modelclient.Provider;
import dev.ballast.pipeline.BallastConfig;
import dev.ballast.pipeline.ConfigException;
import dev.ballast.pipeline.ConfigKeys;
import dev.ballast.pipeline.EndpointConfig;
import dev.ballast.pipeline.RouteConfig;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class StreamsSettingsTest {

  private static Properties streams(String guarantee, String commitInterval) {
    return builder(guarantee, commitInterval).build().streamsProperties();
  }

  private static BallastConfig.Builder builder(String guarantee, String commitInterval) {
    return BallastConfig.builder()
        .put(ConfigKeys.BOOTSTRAP_SERVERS, "unused:9092")
        .put(ConfigKeys.PROCESSING_GUARANTEE, guarantee)
        .put(ConfigKeys.COMMIT_INTERVAL, commitInterval)
        .route(
            new RouteConfig(
                "default",
                List.of(
                    new EndpointConfig(
                        new Endpoint(
                            Provider.BEDROCK,
                            "anthropic.claude-3-haiku-20240307-v1:0",
                            "us-east-1",
                            null),
                        Credentials.NONE))));
  }

  @Test
  void shouldLingerAQuarterOfTheCommitIntervalUnderExactlyOnceAndSendAtOnceOtherwise() {
    // exactly-once: records are visible only at the commit, which waits for what still lingers
    assertThat(streams("exactly_once_v2", "100ms").getProperty("producer.linger.ms"))
        .isEqualTo("25");
    assertThat(streams("exactly_once_v2", "20ms").getProperty("producer.linger.ms")).isEqualTo("5");
    assertThat(streams("exactly_once_v2", "1ms").getProperty("producer.linger.ms")).isEqualTo("2");
    // at-least-once: a record is visible once sent
    assertThat(streams("at_least_once", "100ms").getProperty("producer.linger.ms")).isEqualTo("2");
  }

  @Test
  void shouldWakeAnIdleThreadOnceASecondForItsPollAndForTheBrokersEmptyAnswers() {
    Properties p = streams("exactly_once_v2", "20ms");
    assertThat(p.getProperty("poll.ms")).isEqualTo("1000");
    assertThat(p.getProperty("main.consumer.fetch.max.wait.ms")).isEqualTo("1000");
    assertThat(p.getProperty("global.consumer.fetch.max.wait.ms")).isEqualTo("1000");
  }

  @Test
  void shouldProcessWhatATaskHasBufferedWithoutWaitingForItsOtherTopics() {
    assertThat(streams("exactly_once_v2", "20ms").getProperty("max.task.idle.ms")).isEqualTo("-1");
  }

  @Test
  void shouldKeepTheRestoreConsumersFetchWaitShortWithoutStandbyReplicas() {
    // given / when
    Properties none = streams("exactly_once_v2", "100ms");
    Properties standby =
        builder("exactly_once_v2", "100ms").stream("num.standby.replicas", "1")
            .build()
            .streamsProperties();
    Properties chosen =
        builder("exactly_once_v2", "100ms").stream("restore.consumer.fetch.max.wait.ms", "50")
            .build()
            .streamsProperties();

    // then: a task's restore waits behind the fetch before it at most this long
    assertThat(none.getProperty("restore.consumer.fetch.max.wait.ms")).isEqualTo("10");
    // standby replicas fetch for as long as the app runs: Kafka's default
    assertThat(standby.getProperty("restore.consumer.fetch.max.wait.ms")).isNull();
    // the user's own setting wins
    assertThat(chosen.getProperty("restore.consumer.fetch.max.wait.ms")).isEqualTo("50");
  }

  @Test
  void shouldRejectAStandbyReplicaCountThatIsNotANumber() {
    assertThatThrownBy(
            () ->
                builder("exactly_once_v2", "100ms").stream("num.standby.replicas", "one")
                    .build()
                    .streamsProperties())
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("streams.num.standby.replicas must be a whole number, was 'one'");
  }
}
