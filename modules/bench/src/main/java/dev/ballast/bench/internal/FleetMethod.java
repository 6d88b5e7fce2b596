package dev.ballast.bench.internal;

/** How the fleet scenario ({@link FleetBench}) measures, as bench.json states it. */
final class FleetMethod {

  private FleetMethod() {}

  /**
   * @param steadyFrom the second goodput counts from
   * @param pollMs the breaker polls' interval
   */
  static String text(int steadyFrom, long pollMs) {
    return "three ./ballast run processes (same application.id, group.instance.id each), broker"
        + " in its own JVM, simulator and load in the bench process; open loop at twice the"
        + " quota. Goodput and throttles: the simulator's counts on the primary region from"
        + " second "
        + steadyFrom
        + " to the end of phase 1 (one instance SIGKILLed half-way and restarted); timeline5s:"
        + " the simulator's primary arrivals per 5 s beside each instance's"
        + " ballast_fleet_quota_share and primary calls/s read from its /metrics every second."
        + " Breaker spread: each instance's ballast_breaker_state for the primary read from its"
        + " /metrics every "
        + pollMs
        + " ms at most during the outage phase (resolution one poll; their number is in"
        + " breakers.polls), the last instance's first open minus the first's. Probes per"
        + " interval: the fleet's open periods of the primary's breaker read from the endpoints"
        + " topic (an OPENED record's log-append time to the next CLOSED record's); primary"
        + " calls that arrived at the simulator inside an open period (its arrival times, same"
        + " wall clock; a call that arrived before OPENED was sent before the breaker opened and"
        + " is not counted) / (open time / breaker.open.duration). Lost and duplicates: a"
        + " read_committed consumer over the whole results topic.";
  }
}
