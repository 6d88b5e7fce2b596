package dev.ballast.pipeline.internal;

import dev.ballast.modelclient.BreakerListener.State;
import dev.ballast.modelclient.FleetLink;
import dev.ballast.modelclient.FleetLink.Verdict;
import dev.ballast.schemas.EndpointSignal;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

/**
 * The fleet's circuit breaker of each endpoint, derived from the breaker records of the {@code
 * endpoints} topic applied in log order. Every instance applies the same records in the same order
 * (one key, one partition), so every instance derives the same state, and the log is the arbiter of
 * probe claims:
 *
 * <ol>
 *   <li>CLOSED until an {@code OPENED} record; a second {@code OPENED} while open changes nothing.
 *   <li>OPEN: round 0 begins at the {@code OPENED} record's log time. No instance calls the
 *       endpoint (verdict {@link Verdict#REFUSE}).
 *   <li>A probe round is due one probe interval after the current round began. The first instance
 *       that wants to call the endpoint then writes a {@code PROBE_CLAIMED} record for the next
 *       round (and is refused meanwhile). The first claim of round {@code r + 1} in log order whose
 *       log time is at least one interval after round {@code r} began wins: round {@code r + 1}
 *       begins at its log time (HALF_OPEN for the winner); every other claim loses. So the fleet
 *       starts at most one round, and sends at most one probe, per interval, by the log's clock.
 *   <li>The winner's next call is the probe ({@link Verdict#PROBE}, once, within its round). A
 *       failed probe changes nothing here: the next round is due an interval after this one began.
 *   <li>A {@code CLOSED} record (a probe succeeded) closes the breaker everywhere.
 * </ol>
 *
 * <p>Whether a change of this instance's own breaker is news for the fleet is decided here too: an
 * open when the fleet is closed, a close when the fleet is open (only a successful probe closes
 * it).
 *
 * <p>This class is thread-safe; no method blocks or calls out.
 */
final class FleetBreakers {

  /** A claim that is neither won nor lost after this many intervals is given up and made again. */
  private static final int CLAIM_PATIENCE = 2;

  /** What to do after a {@link #verdict}: the verdict, and the round to claim (0 for none). */
  record Decision(Verdict verdict, int claimRound) {}

  private static final class Entry {
    boolean open;
    String openedBy;
    int round;
    long roundStartMs;
    String prober;
    boolean token;
    int myClaim;
    long myClaimAtMs;
  }

  private final String me;
  private final long intervalMs;
  private final Clock clock;
  private final Map<String, Entry> entries = new HashMap<>();

  /**
   * @param me this instance's id, as it writes it in records
   * @param intervalMs the probe interval ({@code breaker.open.duration}), ms
   * @param clock this instance's wall clock, for the verdicts
   */
  FleetBreakers(String me, long intervalMs, Clock clock) {
    this.me = me;
    this.intervalMs = intervalMs;
    this.clock = clock;
  }

  /**
   * Applies one breaker record at its log time.
   *
   * @return the fleet state it moved {@code endpoint} to ({@code OPEN}, {@code HALF_OPEN} or {@code
   *     CLOSED}), or null when it changed nothing (a duplicate, a lost claim)
   */
  synchronized State apply(EndpointSignal s, long logTimeMs) {
    Entry e = entries.computeIfAbsent(s.getEndpoint(), k -> new Entry());
    String from = s.getInstance();
    switch (s.getKind()) {
      case OPENED -> {
        if (e.open) {
          return null;
        }
        e.open = true;
        e.openedBy = from;
        e.round = 0;
        e.roundStartMs = logTimeMs;
        e.prober = null;
        e.token = false;
        e.myClaim = 0;
        return State.OPEN;
      }
      case CLOSED -> {
        if (!e.open) {
          return null;
        }
        e.open = false;
        e.token = false;
        e.myClaim = 0;
        return State.CLOSED;
      }
      case PROBE_CLAIMED -> {
        boolean wins =
            e.open && s.getRound() == e.round + 1 && logTimeMs >= e.roundStartMs + intervalMs;
        if (from.equals(me) && e.myClaim == s.getRound()) {
          e.myClaim = 0;
        }
        if (!wins) {
          return null;
        }
        e.round = s.getRound();
        e.roundStartMs = logTimeMs;
        e.prober = from;
        e.token = from.equals(me);
        return State.HALF_OPEN;
      }
      default -> {
        return null;
      }
    }
  }

  /**
   * The fleet's verdict on a call to {@code endpoint} now; takes this instance's probe token when
   * it has one, and asks for a claim (once, until it is won or lost) when a round is due.
   */
  synchronized Decision verdict(String endpoint) {
    Entry e = entries.get(endpoint);
    if (e == null || !e.open) {
      return new Decision(Verdict.CALL, 0);
    }
    long now = clock.millis();
    if (e.token) {
      e.token = false;
      if (now < e.roundStartMs + intervalMs) {
        return new Decision(Verdict.PROBE, 0);
      }
    }
    boolean due = now >= e.roundStartMs + intervalMs;
    boolean claiming = e.myClaim > e.round && now - e.myClaimAtMs < CLAIM_PATIENCE * intervalMs;
    // A claim lost to the log's clock (this clock runs ahead) is made again, but not at every call.
    boolean spaced = now - e.myClaimAtMs >= Math.max(100, intervalMs / 20);
    if (due && !claiming && spaced) {
      e.myClaim = e.round + 1;
      e.myClaimAtMs = now;
      return new Decision(Verdict.REFUSE, e.myClaim);
    }
    return new Decision(Verdict.REFUSE, 0);
  }

  /** Whether a call now could be the probe or claim it ({@link FleetLink#probeDue}). */
  synchronized boolean probeDue(String endpoint) {
    Entry e = entries.get(endpoint);
    if (e == null || !e.open) {
      return false;
    }
    long now = clock.millis();
    return now >= e.roundStartMs + intervalMs || (e.token && now < e.roundStartMs + intervalMs);
  }

  /** Whether this instance's breaker moving to {@code to} is news for the fleet. */
  synchronized boolean isNews(String endpoint, State to) {
    Entry e = entries.get(endpoint);
    boolean open = e != null && e.open;
    return (to == State.OPEN && !open) || (to == State.CLOSED && open);
  }

  /** The fleet's state of {@code endpoint}: CLOSED, OPEN, or HALF_OPEN while a round is claimed. */
  synchronized State state(String endpoint) {
    Entry e = entries.get(endpoint);
    if (e == null || !e.open) {
      return State.CLOSED;
    }
    return e.round > 0 ? State.HALF_OPEN : State.OPEN;
  }

  /** The instance that opened the fleet's breaker of {@code endpoint}, or null when closed. */
  synchronized String openedBy(String endpoint) {
    Entry e = entries.get(endpoint);
    return e == null || !e.open ? null : e.openedBy;
  }

  /** The current probe round: 0 when closed or not probed since it opened. */
  synchronized int round(String endpoint) {
    Entry e = entries.get(endpoint);
    return e == null || !e.open ? 0 : e.round;
  }

  /** The instance whose claim won the current probe round, or null (closed, or round 0). */
  synchronized String prober(String endpoint) {
    Entry e = entries.get(endpoint);
    return e == null || !e.open || e.round == 0 ? null : e.prober;
  }
}
