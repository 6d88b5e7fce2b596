package dev.ballast.pipeline.internal;

import dev.ballast.schemas.InFlight;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Per-conversation ordering in one task: of the requests with the same conversation id, only the
 * oldest is served; the others wait, in arrival order, until it leaves the stage (answered, failed,
 * parked or handed to the fallback topic). Waiting requests are in the ledger like any other, so a
 * restart rebuilds the queues from it. Stream-thread confined.
 */
final class ConversationOrder {

  private final Map<String, ArrayDeque<String>> queues = new HashMap<>();
  private final Map<String, String> conversationOf = new HashMap<>();

  /**
   * Admits request {@code id}; true when it may be served now, false when it waits behind an
   * earlier request of its conversation.
   */
  boolean admit(String id, String conversation) {
    if (conversation == null) {
      return true;
    }
    ArrayDeque<String> q = queues.computeIfAbsent(conversation, c -> new ArrayDeque<>());
    if (!q.contains(id)) {
      q.add(id);
    }
    conversationOf.put(id, conversation);
    return id.equals(q.peek());
  }

  /**
   * Request {@code id} left the stage.
   *
   * @return the next request of its conversation to serve now, or null
   */
  String release(String id) {
    String conversation = conversationOf.remove(id);
    if (conversation == null) {
      return null;
    }
    ArrayDeque<String> q = queues.get(conversation);
    if (q == null) {
      return null;
    }
    q.remove(id);
    if (q.isEmpty()) {
      queues.remove(conversation);
      return null;
    }
    return q.peek();
  }

  void clear() {
    queues.clear();
    conversationOf.clear();
  }

  /**
   * Rebuilds the queues from the ledger's entries after a restart.
   *
   * @return the requests to serve now: every head, and every request without a conversation
   */
  List<String> rebuild(Map<String, InFlight> entries) {
    clear();
    List<Map.Entry<String, InFlight>> ordered =
        entries.entrySet().stream()
            .sorted(
                Comparator.comparingLong(
                        (Map.Entry<String, InFlight> e) -> e.getValue().getState().getFirstSeenMs())
                    .thenComparing(Map.Entry::getKey))
            .toList();
    List<String> now = new ArrayList<>();
    for (Map.Entry<String, InFlight> e : ordered) {
      if (admit(e.getKey(), e.getValue().getRequest().getConversationId())) {
        now.add(e.getKey());
      }
    }
    return now;
  }
}
