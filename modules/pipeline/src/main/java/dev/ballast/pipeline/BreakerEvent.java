package dev.ballast.pipeline;

import dev.ballast.modelclient.BreakerListener;

/**
 * A circuit breaker state change.
 *
 * @param endpoint the endpoint id
 * @param from the state before
 * @param to the state after
 * @param atMs when (wall clock, ms)
 */
public record BreakerEvent(
    String endpoint, BreakerListener.State from, BreakerListener.State to, long atMs) {}
