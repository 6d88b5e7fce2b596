package dev.ballast.pipeline.internal;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The questions (request fingerprints) whose answers a stage wrote to the cache topic lately, with
 * when, so that a question asked again within half the cache's time to live is not written again:
 * one fresh answer per question is enough to serve it stale. It holds at most {@link #CAPACITY}
 * questions, forgetting the least recently written first. A question it has forgotten, or one that
 * another task answered, is written again, which only refreshes its answer.
 *
 * <p>It replaces a read of the global answer cache per answer, whose cost grows with the store:
 * RocksDB probes one filter per file of the store for a question it has never seen, and most
 * questions are new (bench results of 2026-12-03).
 *
 * <p>Stream-thread confined, like its stage.
 */
final class RecentlyCached {

  /** Questions remembered per stage instance: about 170 KB at 64-character fingerprints. */
  static final int CAPACITY = 1_024;

  private final long refreshMs;
  private final Map<String, Long> writtenAtMs =
      new LinkedHashMap<>(CAPACITY * 4 / 3 + 1) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
          return size() > CAPACITY;
        }
      };

  /**
   * @param ttlMs the cache's time to live ({@code cache.ttl}), milliseconds; an answer older than
   *     half of it is written again
   */
  RecentlyCached(long ttlMs) {
    this.refreshMs = ttlMs / 2;
  }

  /**
   * Whether the answer to {@code fingerprint}, got at {@code nowMs}, should be written to the cache
   * topic; when it should, it is remembered as written at {@code nowMs}.
   */
  boolean write(String fingerprint, long nowMs) {
    Long at = writtenAtMs.get(fingerprint);
    if (at != null && nowMs - at <= refreshMs) {
      return false;
    }
    writtenAtMs.remove(fingerprint); // re-inserted as the newest
    writtenAtMs.put(fingerprint, nowMs);
    return true;
  }
}
