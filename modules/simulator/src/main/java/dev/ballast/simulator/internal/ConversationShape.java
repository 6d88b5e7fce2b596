package dev.ballast.simulator.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Bedrock's conversation-shape check, with Bedrock's own wording: the first turn must be the
 * user's, roles must alternate, no message may be empty and no text block blank. Which models and
 * regions enforce it is the scenario's choice; this class only finds the problem. Stateless and
 * thread-safe.
 */
final class ConversationShape {

  static final String START_WITH_USER =
      "A conversation must start with a user message. Try again with a conversation that starts"
          + " with a user message.";
  static final String ALTERNATE =
      "A conversation must alternate between user and assistant roles. Make sure the conversation"
          + " alternates between user and assistant roles and try again.";

  private ConversationShape() {}

  /**
   * One turn: its role ({@code user} or {@code assistant}) and its text blocks (null: not text).
   */
  record Turn(String role, List<String> textBlocks) {}

  /** The problem with Converse {@code messages}, or null. */
  static String ofConverse(JsonNode messages) {
    List<Turn> turns = new ArrayList<>();
    for (JsonNode m : messages) {
      List<String> blocks = new ArrayList<>();
      for (JsonNode block : m.path("content")) {
        blocks.add(block.has("text") ? block.path("text").asText("") : null);
      }
      turns.add(new Turn(m.path("role").asText(""), blocks));
    }
    return of(turns);
  }

  /** The problem with a list of turns, or null. */
  static String of(List<Turn> turns) {
    if (turns.isEmpty()) {
      return null;
    }
    if (!"user".equals(turns.get(0).role())) {
      return START_WITH_USER;
    }
    for (int i = 1; i < turns.size(); i++) {
      if (turns.get(i).role().equals(turns.get(i - 1).role())) {
        return ALTERNATE;
      }
    }
    for (int i = 0; i < turns.size(); i++) {
      List<String> blocks = turns.get(i).textBlocks();
      if (blocks.isEmpty()) {
        return "The content field in the Message object at messages."
            + i
            + " is empty. Add a ContentBlock object to the content field and try again.";
      }
      for (int j = 0; j < blocks.size(); j++) {
        String text = blocks.get(j);
        if (text != null && text.isBlank()) {
          return "The text field in the ContentBlock object at messages."
              + i
              + ".content."
              + j
              + " is blank. Add text to the text field, and try again.";
        }
      }
    }
    return null;
  }
}
