package dev.ballast.schemas;

import org.apache.kafka.common.errors.SerializationException;

/**
 * Bytes that are not a readable single-object encoded record; the message names where they came
 * from.
 */
public final class UndecodableRecordException extends SerializationException {
  private static final long serialVersionUID = 1L;

  private final String where;

  UndecodableRecordException(Class<?> type, String where, String detail) {
    this(type, where, detail, null);
  }

  UndecodableRecordException(Class<?> type, String where, String detail, Throwable cause) {
    super("Cannot decode " + type.getSimpleName() + " from " + where + ": " + detail, cause);
    this.where = where;
  }

  /** Where the bytes came from, for example {@code "ballast.requests-3@1042"}. */
  public String where() {
    return where;
  }
}
