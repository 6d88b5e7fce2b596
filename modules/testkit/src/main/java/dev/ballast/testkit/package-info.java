/**
 * Real Kafka and a real simulator for tests: JUnit 5 extensions around the embedded broker (module
 * {@code broker}) and the simulator, bounded waits and a manual clock.
 */
package dev.ballast.testkit;
