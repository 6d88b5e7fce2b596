package dev.ballast.pipeline.internal;

import dev.ballast.schemas.AvroSerde;
import dev.ballast.schemas.RequestState;
import dev.ballast.schemas.UndecodableRecordException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Carries a request's state across topics (delay tiers, fallback): the single-object encoded {@link
 * RequestState} in {@link BallastHeaders#STATE}, plus readable copies for operators.
 */
public final class StateHeaders {

  private static final AvroSerde<RequestState> SERDE = AvroSerde.of(RequestState.class);

  private StateHeaders() {}

  /** Headers carrying {@code state}. */
  public static Headers of(RequestState state) {
    Headers h = new RecordHeaders();
    h.add(BallastHeaders.STATE, SERDE.encode(state));
    put(h, BallastHeaders.ATTEMPT, Integer.toString(state.getCalls()));
    put(h, BallastHeaders.FIRST_SEEN, Instant.ofEpochMilli(state.getFirstSeenMs()).toString());
    if (state.getLastError() != null) {
      put(h, BallastHeaders.LAST_ERROR, state.getLastError().getCode());
    }
    if (state.getDueMs() != null) {
      put(h, BallastHeaders.DUE, Instant.ofEpochMilli(state.getDueMs()).toString());
    }
    return h;
  }

  /**
   * The state in {@code headers}, or null when there is none.
   *
   * @throws UndecodableRecordException when the header is unreadable
   */
  public static RequestState read(Headers headers, String where) {
    Header h = headers.lastHeader(BallastHeaders.STATE);
    return h == null ? null : SERDE.decode(h.value(), where + " header " + BallastHeaders.STATE);
  }

  private static void put(Headers h, String name, String value) {
    h.add(name, value.getBytes(StandardCharsets.UTF_8));
  }
}
