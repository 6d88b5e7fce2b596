package dev.ballast.sqsbridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ballast.schemas.InferenceRequest;
import dev.ballast.sqsbridge.internal.MessageDecoder;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

class MessageDecoderTest {

  private final MessageDecoder decoder = new MessageDecoder("b1", "default");

  @Test
  void shouldTakeTheMessageIdAndGroupWhenTheBodyNamesNeither() {
    // given
    Message m =
        Message.builder()
            .messageId("mid-1")
            .body("{\"prompt\":\"hi\",\"metadata\":{\"team\":\"a\"}}")
            .attributes(Map.of(MessageSystemAttributeName.MESSAGE_GROUP_ID, "conv-7"))
            .messageAttributes(
                Map.of(
                    "ReplyTo",
                    MessageAttributeValue.builder().dataType("String").stringValue("q1").build()))
            .build();

    // when
    InferenceRequest r = decoder.decode(m);

    // then
    assertThat(r.getId()).isEqualTo("mid-1");
    assertThat(r.getConversationId()).isEqualTo("conv-7");
    assertThat(r.getRoute()).isEqualTo("default");
    assertThat(r.getMetadata())
        .containsEntry("team", "a")
        .containsEntry(MessageDecoder.BRIDGE, "b1")
        .containsEntry(MessageDecoder.REPLY_TO, "q1");
  }

  @Test
  void shouldKeepTheBodysIdAndConversationWhenGiven() {
    Message m =
        Message.builder()
            .messageId("mid-2")
            .body("{\"id\":\"r-2\",\"conversationId\":\"c\",\"prompt\":\"hi\"}")
            .attributes(Map.of(MessageSystemAttributeName.MESSAGE_GROUP_ID, "g"))
            .build();

    InferenceRequest r = decoder.decode(m);

    assertThat(r.getId()).isEqualTo("r-2");
    assertThat(r.getConversationId()).isEqualTo("c");
    assertThat(r.getMetadata()).doesNotContainKey(MessageDecoder.REPLY_TO);
  }

  @Test
  void shouldSayWhatIsWrongWithoutQuotingTheBodyWhenUndecodable() {
    Message notJson = Message.builder().messageId("m").body("secret prompt {").build();
    Message unknownField = Message.builder().messageId("m").body("{\"promt\":\"x\"}").build();

    assertThatThrownBy(() -> decoder.decode(notJson))
        .hasMessageStartingWith("body is not JSON")
        .hasMessageNotContaining("secret");
    assertThatThrownBy(() -> decoder.decode(unknownField))
        .hasMessageContaining("unknown field 'promt'");
  }
}
