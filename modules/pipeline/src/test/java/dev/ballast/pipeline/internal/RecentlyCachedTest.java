package dev.ballast.pipeline.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Issue 13: an answer is written to the cache topic once per question and half time to live. */
class RecentlyCachedTest {

  private static final long TTL_MS = 60_000;

  @Test
  void shouldWriteAQuestionOnceWithinHalfTheTimeToLive() {
    // given
    RecentlyCached recent = new RecentlyCached(TTL_MS);

    // when / then
    assertThat(recent.write("q1", 1_000)).isTrue();
    assertThat(recent.write("q1", 1_000 + TTL_MS / 2)).isFalse();
    assertThat(recent.write("q2", 1_000 + TTL_MS / 2)).isTrue();
  }

  @Test
  void shouldWriteAQuestionAgainOnceItsAnswerIsOlderThanHalfTheTimeToLive() {
    // given
    RecentlyCached recent = new RecentlyCached(TTL_MS);
    recent.write("q1", 1_000);

    // when the same question is answered just after half the time to live
    boolean again = recent.write("q1", 1_001 + TTL_MS / 2);

    // then it is written, and counts as fresh from then on
    assertThat(again).isTrue();
    assertThat(recent.write("q1", 1_001 + TTL_MS)).isFalse();
  }

  @Test
  void shouldForgetTheLeastRecentlyWrittenQuestionWhenFull() {
    // given a full memory: q0 written first, then q1 and the rest, then q0 again (refreshed)
    RecentlyCached recent = new RecentlyCached(TTL_MS);
    recent.write("q0", 0);
    for (int i = 1; i < RecentlyCached.CAPACITY; i++) {
      recent.write("q" + i, 10);
    }
    assertThat(recent.write("q0", TTL_MS / 2 + 1)).isTrue();

    // when one more question arrives
    assertThat(recent.write("new", 20)).isTrue();

    // then the least recently written, q1, is forgotten and written again within its refresh
    // time; q2 and the refreshed q0 are still known
    assertThat(recent.write("q2", 20)).isFalse();
    assertThat(recent.write("q0", 20)).isFalse();
    assertThat(recent.write("q1", 20)).isTrue();
  }
}
