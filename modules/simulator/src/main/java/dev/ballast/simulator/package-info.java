/** A Bedrock- and OpenAI-compatible, fault-injecting model server for tests and outage drills. */
package dev.ballast.simulator;
