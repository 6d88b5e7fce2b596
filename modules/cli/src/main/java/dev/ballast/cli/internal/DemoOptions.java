package dev.ballast.cli.internal;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Options of a demo run.
 *
 * @param count requests to send
 * @param rate requests per second; 0 for the default (or the scenario's timeline)
 * @param scenario simulator scenario file, or null for the built-in demo scenario
 * @param summaryJson where to write the summary as JSON, or null
 * @param resultsOut where to write every result as JSON lines, or null
 * @param partitions partitions of the demo topics
 * @param timeout how long to wait for all results
 * @param metricsPort port of the metrics and health server; 0 any free port, -1 none
 * @param report where to write the HTML report, or null for none
 */
public record DemoOptions(
    int count,
    double rate,
    Path scenario,
    Path summaryJson,
    Path resultsOut,
    int partitions,
    Duration timeout,
    int metricsPort,
    Path report) {}
