package dev.ballast.pipeline.internal;

/** Which part of a route's chain a model stage serves, and for which lane. */
public enum StageRole {
  /** The route's first endpoint, online lane; parked requests of both lanes come back here. */
  PRIMARY,
  /** The rest of the chain, in order, fed by the fallback topic. */
  FALLBACK,
  /** The route's first endpoint, batch lane: only the window's spare room. */
  BATCH
}
