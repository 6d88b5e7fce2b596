package dev.ballast.modelclient;

import java.util.Objects;

/**
 * One turn of a conversation sent to a model.
 *
 * @param role who said it
 * @param text what was said
 */
public record Turn(Role role, String text) {

  /** Speaker of a turn. */
  public enum Role {
    USER,
    ASSISTANT
  }

  public Turn {
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(text, "text");
  }

  public static Turn user(String text) {
    return new Turn(Role.USER, text);
  }

  public static Turn assistant(String text) {
    return new Turn(Role.ASSISTANT, text);
  }
}
