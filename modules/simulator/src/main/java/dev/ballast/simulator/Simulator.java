package dev.ballast.simulator;

import dev.ballast.simulator.internal.SimulatorCore;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Clock;
import java.util.List;
import java.util.Objects;

/**
 * A Bedrock-compatible (and OpenAI-compatible), fault-injecting model server: one HTTP/1.1 server
 * per simulated region on the loopback address, speaking the Converse wire format, with latencies,
 * quotas, outages, random and deterministic faults from a {@link Scenario}.
 *
 * <pre>{@code
 * try (Simulator sim = Simulator.start(Scenario.defaults())) {
 *   BedrockRuntimeClient client = ... .endpointOverride(sim.uri()) ...;
 *   sim.inject(FaultRule.forRequest("r-1").onAttempts(1).error(ErrorType.THROTTLING));
 *   ...
 *   assertThat(sim.stats().callsFor("r-1")).isEqualTo(2);
 * }
 * }</pre>
 *
 * <p>Delayed replies are scheduled, not slept: thousands of slow calls in flight need no thread
 * each. {@link #close()} stops the servers and every thread the simulator started.
 *
 * <p>This class is thread-safe.
 */
public final class Simulator implements AutoCloseable {

  private final SimulatorCore core;

  private Simulator(Builder builder) {
    this.core = new SimulatorCore(builder.scenario, builder.clock, builder.bindAddress);
  }

  /** Starts a simulator for the scenario on the system clock. */
  public static Simulator start(Scenario scenario) {
    return builder().scenario(scenario).build().start();
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Starts one server per region. Outage windows count from now on the simulator's clock.
   *
   * @return this simulator
   * @throws IllegalStateException when already started
   * @throws UncheckedIOException when a region's port cannot be bound
   */
  public Simulator start() {
    core.start();
    return this;
  }

  /** The primary (first) region's base URI, e.g. {@code http://127.0.0.1:54321}. */
  public URI uri() {
    return core.uri(core.regions().get(0));
  }

  /**
   * A region's base URI.
   *
   * @throws IllegalArgumentException naming the region and the known ones
   */
  public URI uri(String region) {
    return core.uri(region);
  }

  /** Region names, the primary first. */
  public List<String> regions() {
    return core.regions();
  }

  /** The scenario in force. */
  public Scenario scenario() {
    return core.scenario();
  }

  /**
   * Adds a deterministic fault at run time. Injected rules are checked before the scenario's, in
   * the order they were injected; the first match fires.
   *
   * @throws IllegalArgumentException when the rule has no action or names an unknown region
   */
  public void inject(FaultRule rule) {
    core.inject(Objects.requireNonNull(rule, "rule"));
  }

  /** Removes every deterministic fault: injected ones and the scenario's. */
  public void clearFaults() {
    core.clearFaults();
  }

  /**
   * Replaces the scenario at run time: rates, latency, quotas, outages, models and the scenario's
   * fault rules. Regions keep their ports; new regions start, missing ones stop. Outage windows of
   * the new scenario count from now and quota windows start empty. Injected rules stay.
   */
  public void setScenario(Scenario scenario) {
    core.setScenario(Objects.requireNonNull(scenario, "scenario"));
  }

  /** An immutable snapshot of the counts since start or the last {@link #resetStats()}. */
  public SimulatorStats stats() {
    return core.stats();
  }

  /**
   * The last calls received (up to 200,000, oldest first), with their arrival times and outcomes,
   * since start or the last {@link #resetStats()}: a timeline of what was sent.
   */
  public List<Arrival> arrivals() {
    return core.arrivals();
  }

  /**
   * Zeroes the counts and the arrivals, including the per request id counts that number attempts
   * when calls do not send {@code ballast-attempt}.
   */
  public void resetStats() {
    core.resetStats();
  }

  /** Stops the servers, the handler pool and the scheduler. Idempotent. */
  @Override
  public void close() {
    core.close();
  }

  @Override
  public String toString() {
    return "Simulator" + core.regions();
  }

  /** Configures a {@link Simulator}. Not thread-safe; use from one thread. */
  public static final class Builder {

    private Scenario scenario = Scenario.defaults();
    private Clock clock = Clock.systemUTC();
    private InetAddress bindAddress = InetAddress.getLoopbackAddress();

    private Builder() {}

    /** The scenario; default {@link Scenario#defaults()}. */
    public Builder scenario(Scenario s) {
      this.scenario = Objects.requireNonNull(s, "scenario");
      return this;
    }

    /** The clock of quotas and outage windows; default {@link Clock#systemUTC()}. */
    public Builder clock(Clock c) {
      this.clock = Objects.requireNonNull(c, "clock");
      return this;
    }

    /**
     * The address to listen on; default the loopback address. Use {@code 0.0.0.0} only inside a
     * container whose port is published to the host.
     */
    public Builder bindAddress(String address) {
      try {
        this.bindAddress = InetAddress.getByName(Objects.requireNonNull(address, "address"));
      } catch (UnknownHostException e) {
        throw new IllegalArgumentException("unknown bind address '" + address + "'", e);
      }
      return this;
    }

    /** A simulator, not yet started. */
    public Simulator build() {
      return new Simulator(this);
    }
  }
}
