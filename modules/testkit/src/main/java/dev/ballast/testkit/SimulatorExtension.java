package dev.ballast.testkit;

import dev.ballast.simulator.Scenario;
import dev.ballast.simulator.Simulator;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension that provides a fresh {@link Simulator} (default scenario: one region, no
 * latency, no faults) to each test that declares a {@code Simulator} parameter, on an ephemeral
 * port of 127.0.0.1, and closes it after the test. Tests shape it with {@link
 * Simulator#inject}/{@link Simulator#setScenario}.
 */
public final class SimulatorExtension implements ParameterResolver {

  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(SimulatorExtension.class);

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == Simulator.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    // The store of the test (or class, for constructor injection) closes it when that ends.
    return context
        .getStore(NAMESPACE)
        .getOrComputeIfAbsent(
            Simulator.class, key -> Simulator.start(Scenario.defaults()), Simulator.class);
  }
}
