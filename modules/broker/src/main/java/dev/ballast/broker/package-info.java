/** A real single-node Kafka broker in this JVM, for the demo, benchmarks and tests. */
package dev.ballast.broker;
