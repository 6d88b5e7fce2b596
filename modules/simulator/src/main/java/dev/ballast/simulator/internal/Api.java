package dev.ballast.simulator.internal;

/** Which wire format a call arrived in. */
enum Api {
  BEDROCK,
  OPENAI
}
