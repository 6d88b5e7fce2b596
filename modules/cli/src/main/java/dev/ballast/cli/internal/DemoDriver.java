package dev.ballast.cli.internal;

import dev.ballast.broker.EmbeddedKafkaBroker;
import dev.ballast.pipeline.Pipeline;
import dev.ballast.schemas.Topics;
import dev.ballast.simulator.Simulator;

/** What runs once the demo's broker, simulator and pipeline are up; returns the exit status. */
@FunctionalInterface
public interface DemoDriver {
  int drive(EmbeddedKafkaBroker broker, Simulator simulator, Pipeline pipeline, Topics topics)
      throws Exception;
}
