package dev.ballast.simulator;

import dev.ballast.simulator.internal.ScenarioParser;
import java.nio.file.Path;

/** Reads {@link Scenario}s from YAML (docs/simulator-scenarios.md). Stateless. */
public final class Scenarios {

  private Scenarios() {}

  /**
   * Reads a scenario file (YAML or JSON).
   *
   * @throws ScenarioException naming the file, the key path and what is wrong
   */
  public static Scenario load(Path file) {
    return ScenarioParser.load(file);
  }

  /**
   * Parses scenario YAML (or JSON) text.
   *
   * @throws ScenarioException naming the key path and what is wrong
   */
  public static Scenario parse(String yaml) {
    return ScenarioParser.parse(yaml, "<scenario text>");
  }
}
