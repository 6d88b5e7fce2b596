package dev.ballast.client;

/**
 * Names of the Kafka headers on records in the dead-letter topic ({@code <prefix>dlq}) and on
 * re-driven requests. Values are UTF-8 strings. Dead letters keep the original record's key, value
 * and headers; these say why and where from.
 */
public final class DeadLetterHeaders {

  /** Stable reason code, e.g. {@code UNDECODABLE_REQUEST}. */
  public static final String REASON_CODE = "ballast.reason.code";

  /** The reason in words; never prompt text. */
  public static final String REASON_MESSAGE = "ballast.reason.message";

  /** Topic the dead-lettered record was read from. */
  public static final String SOURCE_TOPIC = "ballast.source.topic";

  /** Partition the dead-lettered record was read from, decimal. */
  public static final String SOURCE_PARTITION = "ballast.source.partition";

  /** Offset of the dead-lettered record in its source partition, decimal. */
  public static final String SOURCE_OFFSET = "ballast.source.offset";

  /** When the record was dead-lettered, epoch milliseconds, decimal. */
  public static final String FAILED_AT = "ballast.failed.at";

  /**
   * On a re-driven request: the dead letter it came from, as {@code topic-partition@offset}.
   * Re-driven requests are served again even when their id was answered before.
   */
  public static final String REDRIVEN_FROM = "ballast.redriven.from";

  private DeadLetterHeaders() {}
}
