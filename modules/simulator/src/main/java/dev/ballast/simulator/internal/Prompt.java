package dev.ballast.simulator.internal;

import java.util.List;

/**
 * The text of a model call that counts as input tokens, provider-neutral. Never logged.
 *
 * <p>Immutable.
 *
 * @param system system prompt parts
 * @param messages the conversation
 * @param tools tool definitions as JSON text
 */
record Prompt(List<String> system, List<Message> messages, List<String> tools) {

  Prompt {
    system = List.copyOf(system);
    messages = List.copyOf(messages);
    tools = List.copyOf(tools);
  }

  /**
   * One message.
   *
   * @param role {@code user}, {@code assistant}, …
   * @param parts text parts, tool calls and tool results as text
   */
  record Message(String role, List<String> parts) {
    Message {
      parts = List.copyOf(parts);
    }
  }

  /** System, messages and tool definitions as one text, for fault rules that look for a marker. */
  String text() {
    StringBuilder b = new StringBuilder();
    system.forEach(t -> b.append(t).append('\n'));
    messages.forEach(m -> m.parts().forEach(p -> b.append(p).append('\n')));
    tools.forEach(t -> b.append(t).append('\n'));
    return b.toString();
  }

  @Override
  public String toString() {
    return "Prompt[" + messages.size() + " messages]";
  }
}
