package dev.ballast.pipeline.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ballast.schemas.InferenceConfig;
import dev.ballast.schemas.InferenceRequest;
import dev.ballast.schemas.Message;
import dev.ballast.schemas.Role;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class FingerprintsTest {

  private static InferenceRequest.Builder question(String id) {
    return InferenceRequest.newBuilder()
        .setId(id)
        .setRoute("default")
        .setSystem("Answer briefly.")
        .setMessages(List.of(new Message(Role.USER, "What is the capital of France?")))
        .setResponseSchema("{\"type\": \"object\"}")
        .setInference(InferenceConfig.newBuilder().setMaxTokens(64).setTemperature(0.2f).build());
  }

  @Test
  void shouldKeepTheKeysOfAnswersCachedByEarlierVersions() {
    // The cache topic is keyed by these values: a change would miss every cached answer.
    assertThat(Fingerprints.of(question("a").build()))
        .isEqualTo("ce8be32832a06c86e5f2c48872b0c61188ec11352e816ad06547c94ce19eb7a9");
  }

  @Test
  void shouldGiveTheSameQuestionTheSameKeyWhateverItsIdMetadataOrTime() {
    InferenceRequest first = question("a").build();
    InferenceRequest second =
        question("b")
            .setMetadata(Map.of("tenant", "acme"))
            .setSubmittedAt(Instant.ofEpochMilli(1_700_000_000_000L))
            .setSystem("  Answer briefly.\n")
            .setResponseSchema("{\n  \"type\" : \"object\"\n}")
            .build();

    assertThat(Fingerprints.of(second)).isEqualTo(Fingerprints.of(first));
  }

  @Test
  void shouldTellQuestionsApartByContentAndSettings() {
    String base = Fingerprints.of(question("a").build());

    assertThat(
            List.of(
                question("a").setRoute("other").build(),
                question("a").setSystem(null).build(),
                question("a")
                    .setMessages(List.of(new Message(Role.USER, "What is the capital of Spain?")))
                    .build(),
                question("a").setResponseSchema(null).build(),
                question("a")
                    .setInference(InferenceConfig.newBuilder().setMaxTokens(65).build())
                    .build()))
        .extracting(Fingerprints::of)
        .doesNotContain(base)
        .doesNotHaveDuplicates();
  }

  @Test
  void shouldGiveTheSameKeyOnEveryThread() throws Exception {
    InferenceRequest q = question("a").build();
    String here = Fingerprints.of(q);
    Fingerprints.of(question("x").setRoute("other").build());

    assertThat(CompletableFuture.supplyAsync(() -> Fingerprints.of(q)).get()).isEqualTo(here);
    assertThat(Fingerprints.of(q)).isEqualTo(here);
  }
}
