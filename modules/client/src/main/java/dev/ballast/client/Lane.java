package dev.ballast.client;

import dev.ballast.schemas.InferenceRequest;
import dev.ballast.schemas.Topic;
import dev.ballast.schemas.Topics;

/** Which request topic a request goes to. */
public enum Lane {
  /** {@code <prefix>requests}: served first. */
  ONLINE,
  /** {@code <prefix>requests.batch}: served with the capacity the online lane leaves. */
  BATCH;

  /** This lane's topic in {@code topics}. */
  public Topic<String, InferenceRequest> topic(Topics topics) {
    return this == ONLINE ? topics.requests() : topics.batchRequests();
  }
}
