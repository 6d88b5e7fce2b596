/**
 * Real Kafka and a real simulator for tests and demos: an in-JVM KRaft broker and JUnit 5
 * extensions.
 */
package dev.ballast.testkit;
