package dev.ballast.modelclient.gateway;

import dev.ballast.modelclient.Admission;
import dev.ballast.modelclient.BreakerListener;
import dev.ballast.modelclient.Endpoint;
import dev.ballast.modelclient.EndpointCaller;

/**
 * What an operator may see of one endpoint of the gateway, read live: its breaker and its
 * admission. Thread-safe; every read is a snapshot.
 */
public final class EndpointView {

  private final EndpointCaller caller;

  EndpointView(EndpointCaller caller) {
    this.caller = caller;
  }

  public Endpoint endpoint() {
    return caller.endpoint();
  }

  /** The breaker's state now. */
  public BreakerListener.State breakerState() {
    return caller.breakerState();
  }

  /** Calls waiting for admission now; 0 without admission. */
  public int waiting() {
    Admission a = caller.admission();
    return a == null ? 0 : a.waiting();
  }

  /** The adaptive concurrency limit now; 0 without admission. */
  public int concurrencyLimit() {
    Admission a = caller.admission();
    return a == null ? 0 : a.limit();
  }

  /** Admitted calls in flight now; 0 without admission. */
  public int inFlight() {
    Admission a = caller.admission();
    return a == null ? 0 : a.inFlight();
  }
}
