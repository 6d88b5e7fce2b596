package dev.ballast.pipeline.internal;

import dev.ballast.client.DeadLetterHeaders;
import dev.ballast.schemas.ReasonCode;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Names and helpers of the headers Ballast writes. Dead letters carry why and where from (names
 * owned by {@link DeadLetterHeaders}, which clients use); records in retry and fallback topics
 * carry the request's state.
 */
public final class BallastHeaders {

  /** See {@link DeadLetterHeaders#REASON_CODE}. */
  public static final String REASON_CODE = DeadLetterHeaders.REASON_CODE;

  /** See {@link DeadLetterHeaders#REASON_MESSAGE}. */
  public static final String REASON_MESSAGE = DeadLetterHeaders.REASON_MESSAGE;

  public static final String SOURCE_TOPIC = DeadLetterHeaders.SOURCE_TOPIC;
  public static final String SOURCE_PARTITION = DeadLetterHeaders.SOURCE_PARTITION;
  public static final String SOURCE_OFFSET = DeadLetterHeaders.SOURCE_OFFSET;

  /** See {@link DeadLetterHeaders#FAILED_AT}. */
  public static final String FAILED_AT = DeadLetterHeaders.FAILED_AT;

  /** The single-object encoded {@code RequestState}. */
  public static final String STATE = "ballast.state";

  /** Human-readable copies of the state, for operators' tools. */
  public static final String ATTEMPT = "ballast.attempt";

  public static final String FIRST_SEEN = "ballast.first.seen";
  public static final String LAST_ERROR = "ballast.last.error";
  public static final String DUE = "ballast.due";

  private BallastHeaders() {}

  /** A copy of {@code headers} with {@code name} set to {@code value} (replacing earlier ones). */
  public static Headers with(Headers headers, String name, String value) {
    Headers copy = new RecordHeaders(headers.toArray());
    copy.remove(name);
    copy.add(name, value.getBytes(StandardCharsets.UTF_8));
    return copy;
  }

  /** The last value of {@code name} as UTF-8, or null. */
  public static String string(Headers headers, String name) {
    Header h = headers.lastHeader(name);
    return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
  }

  /** Dead-letter headers for a record read from {@code topic-partition@offset}. */
  public static Headers deadLetter(
      Headers original,
      ReasonCode code,
      String message,
      String topic,
      int partition,
      long offset,
      long nowMs) {
    Headers h = new RecordHeaders(original == null ? new Header[0] : original.toArray());
    put(h, REASON_CODE, code.name());
    put(h, REASON_MESSAGE, message);
    if (topic != null) {
      put(h, SOURCE_TOPIC, topic);
      put(h, SOURCE_PARTITION, Integer.toString(partition));
      put(h, SOURCE_OFFSET, Long.toString(offset));
    }
    put(h, FAILED_AT, Long.toString(nowMs));
    return h;
  }

  private static void put(Headers h, String name, String value) {
    h.remove(name);
    h.add(name, value.getBytes(StandardCharsets.UTF_8));
  }
}
