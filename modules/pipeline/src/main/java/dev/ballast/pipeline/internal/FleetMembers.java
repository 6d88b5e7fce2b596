package dev.ballast.pipeline.internal;

import dev.ballast.modelclient.EndpointControl;
import dev.ballast.schemas.EndpointSignal;
import dev.ballast.schemas.EndpointSignalKind;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The quota half of the fleet link: this instance's {@code MEMBER} heartbeats on the endpoints
 * topic (key {@code member#<instance>}: the request partitions it owns and each endpoint's budgets'
 * use as seen here, every {@value QuotaShare#HEARTBEAT_MS} ms and as soon as it sees its partitions
 * change; {@code 0} partitions when it leaves), the others' heartbeats, and the share they give
 * ({@link QuotaShare}), applied to every endpoint's admission.
 *
 * <p>{@link #tick} and {@link #leave} belong to the fleet's thread (or the closing one after it
 * stopped); {@link #heard} to the thread reading the topic.
 */
final class FleetMembers {

  private static final Logger log = LoggerFactory.getLogger(FleetMembers.class);
  private static final String KEY_PREFIX = "member#";
  private static final String ALL_ENDPOINTS = "*";

  private final String me;
  private final QuotaShare quota;
  private final Map<String, List<EndpointControl>> controls;
  private final BiConsumer<String, EndpointSignal> send;
  private final java.time.Clock clock;
  private volatile long joinedAtMs = -1;

  /**
   * @param controls every linked endpoint's controls by endpoint id (read, never changed, here)
   * @param send sends a record (key, value) to the endpoints topic without waiting
   */
  FleetMembers(
      String me,
      QuotaShare quota,
      Map<String, List<EndpointControl>> controls,
      BiConsumer<String, EndpointSignal> send,
      java.time.Clock clock) {
    this.me = me;
    this.quota = quota;
    this.controls = controls;
    this.send = send;
    this.clock = clock;
  }

  /**
   * A {@code MEMBER} record read at {@code readAtMs}. For {@value QuotaShare#LIVE_MS} ms after
   * {@link #join}, another instance's report of the fleet's use raises what this one assumes: the
   * reports read while joining may be a heartbeat old.
   */
  void heard(EndpointSignal s, long readAtMs) {
    Integer owned = s.getOwnedPartitions();
    Map<String, double[]> used = new HashMap<>();
    s.getUsedPerSecond().forEach((endpoint, list) -> used.put(endpoint, array(list)));
    quota.heard(s.getInstance(), owned == null ? 0 : owned, readAtMs, used);
    long joined = joinedAtMs;
    if (joined >= 0 && readAtMs - joined <= QuotaShare.LIVE_MS && !s.getInstance().equals(me)) {
      used.forEach(this::assume);
    }
  }

  private void assume(String endpoint, double[] perSecond) {
    if (QuotaShare.sum(perSecond) > 0) {
      controls.getOrDefault(endpoint, List.of()).forEach(c -> c.assumeUsed(perSecond));
    }
  }

  private static double[] array(List<Double> list) {
    double[] a = new double[list.size()];
    for (int i = 0; i < a.length; i++) {
      a[i] = list.get(i) == null ? 0 : list.get(i);
    }
    return a;
  }

  private static List<Double> list(double[] a) {
    List<Double> l = new ArrayList<>(a.length);
    for (double v : a) {
      l.add(Math.round(v * 1e6) / 1e6);
    }
    return l;
  }

  /**
   * Before this instance calls anything: every admission assumes the fleet's use of its budgets
   * over the last minute (the most a live instance reported), and takes a first share.
   */
  void join() {
    joinedAtMs = clock.millis();
    quota
        .usedByLiveFleet()
        .forEach(
            (endpoint, perSecond) -> {
              assume(endpoint, perSecond);
              log.info(
                  "The fleet used {} of the budgets of {} in the last minute",
                  QuotaShare.sum(perSecond),
                  endpoint);
            });
    tick();
  }

  /** Reads the assignment, sends a heartbeat when due and applies a changed share. */
  void tick() {
    QuotaShare.Tick t = quota.tick();
    if (t.beat()) {
      beat(t.owned());
    }
    if (t.changed()) {
      controls.values().forEach(list -> list.forEach(c -> c.shareQuota(t.share())));
      log.info(
          "Quota share of this instance is now {} ({} request partitions) of {}",
          t.share(),
          t.owned(),
          controls.keySet());
    }
  }

  /** This instance is leaving: the others take over its share at their next poll. */
  void leave() {
    beat(0);
  }

  private void beat(int owned) {
    Map<String, List<Double>> used = new HashMap<>();
    // Only endpoints with something to report: no budgets, or none used, says nothing.
    controls.forEach(
        (endpoint, list) ->
            list.forEach(
                c -> {
                  double[] perSecond = c.usedPerSecond();
                  if (QuotaShare.sum(perSecond) > 0) {
                    used.merge(
                        endpoint,
                        list(perSecond),
                        (a, b) -> QuotaShare.sum(array(b)) > QuotaShare.sum(array(a)) ? b : a);
                  }
                }));
    send.accept(
        KEY_PREFIX + me,
        EndpointSignal.newBuilder()
            .setEndpoint(ALL_ENDPOINTS)
            .setKind(EndpointSignalKind.MEMBER)
            .setInstance(me)
            .setAtMs(clock.millis())
            .setOwnedPartitions(owned)
            .setUsedPerSecond(used)
            .build());
  }
}
