package dev.ballast.pipeline.internal;

import dev.ballast.schemas.ReasonCode;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Names and helpers of the headers Ballast writes. Dead letters carry why and where from; records
 * in retry and fallback topics carry the request's state.
 */
public final class BallastHeaders {

  /** Stable reason code, e.g. {@code UNDECODABLE_REQUEST}. */
  public static final String REASON_CODE = "ballast.reason.code";

  /** The reason in words; never prompt text. */
  public static final String REASON_MESSAGE = "ballast.reason.message";

  public static final String SOURCE_TOPIC = "ballast.source.topic";
  public static final String SOURCE_PARTITION = "ballast.source.partition";
  public static final String SOURCE_OFFSET = "ballast.source.offset";

  /** When the record was dead-lettered, epoch milliseconds. */
  public static final String FAILED_AT = "ballast.failed.at";

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
