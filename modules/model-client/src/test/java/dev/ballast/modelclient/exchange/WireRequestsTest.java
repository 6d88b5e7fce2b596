package dev.ballast.modelclient.exchange;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ballast.modelclient.ModelRequest;
import dev.ballast.modelclient.Turn;
import dev.ballast.schemas.InferenceRequest;
import dev.ballast.schemas.Message;
import dev.ballast.schemas.Role;
import java.util.List;
import org.junit.jupiter.api.Test;

class WireRequestsTest {

  @Test
  void shouldJoinConsecutiveTurnsOfOneRoleWhenAProviderWouldRejectThem() {
    // given
    InferenceRequest request =
        InferenceRequest.newBuilder()
            .setId("r")
            .setRoute("default")
            .setMessages(
                List.of(
                    new Message(Role.USER, "First question."),
                    new Message(Role.USER, "And a second one."),
                    new Message(Role.ASSISTANT, "An answer."),
                    new Message(Role.USER, "Thanks.")))
            .build();

    // when
    ModelRequest call = WireRequests.toModelRequest(request, 1);

    // then
    assertThat(call.turns())
        .containsExactly(
            new Turn(Turn.Role.USER, "First question.\n\nAnd a second one."),
            new Turn(Turn.Role.ASSISTANT, "An answer."),
            new Turn(Turn.Role.USER, "Thanks."));
  }
}
