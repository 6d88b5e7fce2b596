package dev.ballast.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ballast.schemas.InferenceRequest;
import dev.ballast.schemas.Priority;
import dev.ballast.schemas.Role;
import org.junit.jupiter.api.Test;

class JsonCodecTest {

  private static JsonNode json(String text) throws Exception {
    return JsonCodec.MAPPER.readTree(text);
  }

  @Test
  void shouldReadEveryFieldWhenARequestGivesThem() throws Exception {
    // given
    JsonNode in =
        json(
            "{\"id\":\"r1\",\"route\":\"chat\",\"system\":\"Be brief.\",\"messages\":["
                + "{\"role\":\"user\",\"content\":\"Hi\"},{\"role\":\"assistant\",\"content\":\"Hello\"},"
                + "{\"role\":\"user\",\"content\":\"Bye\"}],\"maxTokens\":64,\"temperature\":0.5,"
                + "\"topP\":0.9,\"stopSequences\":[\"END\"],\"responseSchema\":{\"type\":\"object\"},"
                + "\"deadline\":\"2026-01-01T00:00:00Z\",\"priority\":\"high\","
                + "\"conversationId\":\"c1\",\"metadata\":{\"team\":\"a\"}}");

    // when
    InferenceRequest r = JsonCodec.request(in, "default");

    // then
    assertThat(r.getId()).isEqualTo("r1");
    assertThat(r.getRoute()).isEqualTo("chat");
    assertThat(r.getMessages())
        .extracting(m -> m.getRole())
        .containsExactly(Role.USER, Role.ASSISTANT, Role.USER);
    assertThat(r.getInference().getMaxTokens()).isEqualTo(64);
    assertThat(r.getInference().getStopSequences()).containsExactly("END");
    assertThat(r.getResponseSchema()).isEqualTo("{\"type\":\"object\"}");
    assertThat(r.getDeadline().toString()).isEqualTo("2026-01-01T00:00:00Z");
    assertThat(r.getPriority()).isEqualTo(Priority.HIGH);
    assertThat(r.getConversationId()).isEqualTo("c1");
    assertThat(r.getMetadata()).containsEntry("team", "a");
  }

  @Test
  void shouldUseTheDefaultRouteAndAFreshIdWhenARequestNamesNeither() throws Exception {
    InferenceRequest r = JsonCodec.request(json("{\"prompt\":\"Hi\"}"), "default");

    assertThat(r.getRoute()).isEqualTo("default");
    assertThat(r.getId()).isNotBlank();
    assertThat(r.getMessages())
        .singleElement()
        .satisfies(m -> assertThat(m.getContent()).isEqualTo("Hi"));
  }

  @Test
  void shouldNameTheFieldWhenARequestIsWrong() {
    assertThatThrownBy(() -> JsonCodec.request(json("{\"promt\":\"Hi\"}"), "d"))
        .hasMessageStartingWith("unknown field 'promt'");
    assertThatThrownBy(() -> JsonCodec.request(json("{\"id\":\"x\"}"), "d"))
        .hasMessage("a request needs 'prompt' or 'messages'");
    assertThatThrownBy(
            () ->
                JsonCodec.request(
                    json("{\"messages\":[{\"role\":\"tool\",\"content\":\"x\"}]}"), "d"))
        .hasMessage("'messages[0].role' must be user or assistant");
    assertThatThrownBy(
            () -> JsonCodec.request(json("{\"prompt\":\"x\",\"deadline\":\"soon\"}"), "d"))
        .hasMessageStartingWith("'deadline' must be epoch milliseconds or an ISO-8601 instant");
    assertThatThrownBy(() -> JsonCodec.request(json("[1]"), "d"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a request must be a JSON object");
  }
}
