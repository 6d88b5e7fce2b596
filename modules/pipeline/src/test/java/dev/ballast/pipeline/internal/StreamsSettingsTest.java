package dev.ballast.pipeline.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ballast.modelclient.Credentials;
import dev.ballast.modelclient.Endpoint;
import dev.ballast.modelclient.Provider;
import dev.ballast.pipeline.BallastConfig;
import dev.ballast.pipeline.ConfigKeys;
import dev.ballast.pipeline.EndpointConfig;
import dev.ballast.pipeline.RouteConfig;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class StreamsSettingsTest {

  private static Properties streams(String guarantee, String commitInterval) {
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
                        Credentials.NONE))))
        .build()
        .streamsProperties();
  }

  @Test
  void shouldLingerUpToTheCommitIntervalUnderExactlyOnceAndSendAtOnceOtherwise() {
    // exactly-once: records are visible only at the commit, which flushes the producer first
    assertThat(streams("exactly_once_v2", "20ms").getProperty("producer.linger.ms"))
        .isEqualTo("20");
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
}
