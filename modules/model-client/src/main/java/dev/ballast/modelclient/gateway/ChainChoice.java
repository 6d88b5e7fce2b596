package dev.ballast.modelclient.gateway;

import dev.ballast.modelclient.Admission;
import dev.ballast.modelclient.EndpointCaller;
import dev.ballast.modelclient.recovery.Routing;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Where in its route's chain an exchange is served: capacity-aware routing, within the chain's
 * order (the route's order of preference, primary first; a request never moves back up the chain).
 *
 * <p>From the endpoint the request stands at, it moves on to the first later endpoint that would
 * take a call at once ({@link EndpointCaller#noRoom} is null) when there is one and
 *
 * <ul>
 *   <li>this endpoint would not take the call at once: cooling down after a rate-limit hint, its
 *       breaker open, or (online lane only) at its admission limits ({@link Routing#SKIPPED}); or
 *   <li>a random draw falls within this endpoint's spill share, {@code min(MAX_SPILL,
 *       SPILL_PER_TROUBLE × trouble rate)} over its recent calls ({@link EndpointCaller#troubleRate
 *       }), for the online lane ({@link Routing#SHARE}): an endpoint throttled on 30 % of its calls
 *       keeps 40 % of the new traffic; one that recovers wins it back as its rate decays. At most
 *       {@code MAX_SPILL} moves on, so the endpoint keeps being measured.
 * </ul>
 *
 * <p>With no later endpoint that has room, the request stays, waits in admission or is parked by
 * the recovery plan. Stateless; thread-safe if the random generator is.
 */
final class ChainChoice {

  /** Spill share per unit of trouble rate. */
  static final double SPILL_PER_TROUBLE = 2.0;

  /** The largest share of an endpoint's new traffic that moves on. */
  static final double MAX_SPILL = 0.9;

  /**
   * Where to serve.
   *
   * @param chainIndex the position in the chain
   * @param why the routing text, or null when the request stays where it stood
   */
  record Choice(int chainIndex, String why) {}

  private ChainChoice() {}

  /** The first endpoint after {@code index} that would take a call of {@code lane} now, or -1. */
  static int roomAfter(List<EndpointCaller> chain, int index, Admission.Lane lane) {
    for (int j = index + 1; j < chain.size(); j++) {
      if (chain.get(j).noRoom(lane) == null) {
        return j;
      }
    }
    return -1;
  }

  /**
   * Where the request standing at {@code from} is served in order: there (the last past the end).
   */
  static Choice stay(List<EndpointCaller> chain, int from) {
    return new Choice(Math.min(Math.max(0, from), chain.size() - 1), null);
  }

  /** Where an exchange of {@code lane} for a request standing at {@code from} is served. */
  static Choice pick(
      List<EndpointCaller> chain, int from, Admission.Lane lane, RandomGenerator random) {
    int i = stay(chain, from).chainIndex();
    String why = null;
    while (i < chain.size() - 1) {
      int room = roomAfter(chain, i, lane);
      if (room < 0) {
        break;
      }
      EndpointCaller here = chain.get(i);
      String full = here.noRoom(lane);
      if (full != null
          && !(lane == Admission.Lane.BATCH && full.equals(EndpointCaller.AT_LIMITS))) {
        why = Routing.SKIPPED.because(Routing.position(i) + " " + full);
      } else if (lane == Admission.Lane.ONLINE && spills(here.troubleRate(), random)) {
        why =
            Routing.SHARE.because(
                Routing.position(i)
                    + " throttled or failing on "
                    + Math.round(here.troubleRate() * 100)
                    + " % of its recent calls");
      } else {
        break;
      }
      i = room;
    }
    return new Choice(i, why);
  }

  private static boolean spills(double troubleRate, RandomGenerator random) {
    double spill = Math.min(MAX_SPILL, SPILL_PER_TROUBLE * troubleRate);
    return spill > 0 && random.nextDouble() < spill;
  }
}
