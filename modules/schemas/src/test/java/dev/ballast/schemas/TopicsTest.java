package dev.ballast.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class TopicsTest {

  @Test
  void shouldPrefixEveryTopicWhenPrefixGiven() {
    // given
    Topics topics = Topics.withPrefix("acme.");

    // when
    List<String> names =
        topics
            .all(List.of(Duration.ofSeconds(1), Duration.ofMinutes(2), Duration.ofHours(1)))
            .stream()
            .map(Topic::name)
            .toList();

    // then
    assertThat(names)
        .containsExactly(
            "acme.requests",
            "acme.requests.batch",
            "acme.requests.batch.admitted",
            "acme.fallback",
            "acme.results",
            "acme.dlq",
            "acme.cache",
            "acme.endpoints",
            "acme.retry.1s",
            "acme.retry.120s",
            "acme.retry.1h");
  }

  @Test
  void shouldKeepTheCacheTopicForTheRetentionGivenElseADay() {
    // given
    Topics defaults = Topics.withPrefix("acme.");

    // when
    Topics twoHours = defaults.withCacheRetention(Duration.ofHours(2));

    // then only the cache topic changes
    assertThat(defaults.cache().config()).containsEntry("retention.ms", "86400000");
    assertThat(twoHours.cache().config())
        .containsEntry("retention.ms", "7200000")
        .containsEntry("cleanup.policy", "compact,delete");
    assertThat(twoHours.results().config()).isEqualTo(defaults.results().config());
    assertThat(twoHours.prefix()).isEqualTo("acme.");
    assertThatThrownBy(() -> defaults.withCacheRetention(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("cache retention must be positive, was PT0S");
  }

  @Test
  void shouldReadBackAnEndpointSignalWhenWrittenToTheEndpointsTopic() {
    // given
    Topic<String, EndpointSignal> endpoints = Topics.defaults().endpoints();
    EndpointSignal signal =
        EndpointSignal.newBuilder()
            .setEndpoint("bedrock/m@us-east-1")
            .setKind(EndpointSignalKind.THROTTLED)
            .setInstance("i-1")
            .setAtMs(42)
            .setRetryAfterMs(2_000L)
            .build();

    // when
    byte[] bytes = endpoints.valueSerde().serializer().serialize(endpoints.name(), signal);

    // then
    assertThat(endpoints.valueSerde().deserializer().deserialize(endpoints.name(), bytes))
        .isEqualTo(signal);
    assertThat(endpoints.config()).containsEntry("cleanup.policy", "compact");
    assertThat(endpoints.config()).containsEntry("segment.ms", "600000");
  }

  @Test
  void shouldReadBackAMemberHeartbeatAndDefaultItsFieldsForOtherKinds() {
    // given
    Topic<String, EndpointSignal> endpoints = Topics.defaults().endpoints();
    EndpointSignal member =
        EndpointSignal.newBuilder()
            .setEndpoint("*")
            .setKind(EndpointSignalKind.MEMBER)
            .setInstance("i-1")
            .setAtMs(42)
            .setOwnedPartitions(2)
            .setUsedPerSecond(java.util.Map.of("bedrock/m@us-east-1", java.util.List.of(0.5, 0.25)))
            .build();

    // when
    byte[] bytes = endpoints.valueSerde().serializer().serialize(endpoints.name(), member);
    EndpointSignal opened =
        EndpointSignal.newBuilder()
            .setEndpoint("bedrock/m@us-east-1")
            .setKind(EndpointSignalKind.OPENED)
            .setInstance("i-1")
            .setAtMs(42)
            .build();

    // then
    assertThat(endpoints.valueSerde().deserializer().deserialize(endpoints.name(), bytes))
        .isEqualTo(member);
    assertThat(opened.getOwnedPartitions()).isNull();
    assertThat(opened.getUsedPerSecond()).isEmpty();
  }

  @Test
  void shouldNameSubSecondTiersInMillisWhenNotWholeSeconds() {
    assertThat(Topics.tierName(Duration.ofMillis(1500))).isEqualTo("1500ms");
  }

  @Test
  void shouldRejectPrefixWhenItHasIllegalCharacters() {
    assertThatThrownBy(() -> Topics.withPrefix("bad prefix/"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'bad prefix/'");
  }
}
