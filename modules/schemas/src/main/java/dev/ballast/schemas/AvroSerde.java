package dev.ballast.schemas;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.data.TimeConversions;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.message.BadHeaderException;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.message.MissingSchemaException;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Kafka serde for a generated Avro record using Avro <em>single-object encoding</em>: every value
 * starts with the marker {@code C3 01} and the 8-byte fingerprint of its writer schema, so any
 * consumer holding the {@code .avsc} files can decode it, and records written with a released older
 * schema stay readable (they are resolved against the current one).
 *
 * <p>Values are decoded in place from their bytes by the reader for their writer schema's
 * fingerprint (Avro's {@code BinaryMessageDecoder} reads them through a stream, a byte at a time).
 *
 * <p>This class is thread-safe.
 *
 * @param <T> the generated record type
 */
public final class AvroSerde<T extends SpecificRecord> implements Serde<T> {

  static {
    AvroTrust.install();
  }

  private final Class<T> type;
  // Single-object encoding (Avro specification): marker C3 01, then the writer schema's 64-bit
  // parsing fingerprint, little-endian, then the binary-encoded datum.
  private static final byte MARKER_0 = (byte) 0xC3;
  private static final byte MARKER_1 = (byte) 0x01;
  private static final int HEADER = 10;

  /**
   * Writes each record with its generated coders ({@code customEncode}: straight-line code, where
   * Avro's generic writer walks the schema and resolves each union per field). The bytes are the
   * same; {@code record.vm} says which records have them.
   */
  private static final SpecificData WRITING = customCoders();

  /** A decoder per thread, reset onto each value's bytes: no copy, no per-byte stream reads. */
  private static final ThreadLocal<BinaryDecoder> DECODERS = new ThreadLocal<>();

  private final BinaryMessageEncoder<T> encoder;
  private final Map<Long, DatumReader<T>> readers = new HashMap<>();

  @SuppressWarnings("unchecked")
  private AvroSerde(Class<T> type, Schema schema, Iterable<Schema> olderSchemas) {
    this.type = type;
    this.encoder = new BinaryMessageEncoder<>(WRITING, schema);
    List<Schema> writers = new ArrayList<>();
    writers.add(schema);
    olderSchemas.forEach(writers::add);
    for (Schema writer : writers) {
      readers.put(
          SchemaNormalization.parsingFingerprint64(writer),
          (DatumReader<T>) SpecificData.get().createDatumReader(writer, schema));
    }
  }

  private static SpecificData customCoders() {
    SpecificData data = new SpecificData(AvroSerde.class.getClassLoader());
    data.setCustomCoders(true);
    // For a record without generated coders, whose timestamps the generic writer converts.
    data.addLogicalTypeConversion(new TimeConversions.TimestampMillisConversion());
    return data;
  }

  /** A serde for {@code type}, also able to read every released version of its schema. */
  public static <T extends SpecificRecord> AvroSerde<T> of(Class<T> type) {
    Schema schema = SpecificData.get().getSchema(type);
    return new AvroSerde<>(type, schema, ReleasedSchemas.versionsOf(schema.getFullName()));
  }

  /** The record type this serde reads and writes. */
  public Class<T> type() {
    return type;
  }

  /**
   * Encodes {@code value}.
   *
   * @throws SerializationException if the value does not match its schema (a required field null)
   */
  public byte[] encode(T value) {
    Objects.requireNonNull(value, "value");
    try {
      ByteBuffer buffer = encoder.encode(value);
      byte[] bytes = new byte[buffer.remaining()];
      buffer.get(bytes);
      return bytes;
    } catch (IOException | RuntimeException e) {
      throw new SerializationException(
          "Cannot encode " + type.getSimpleName() + ": " + describe(e), e);
    }
  }

  /**
   * Decodes {@code bytes}; {@code where} names the source (for example {@code
   * "ballast.requests-3@1042"}) in the error message.
   *
   * @throws UndecodableRecordException if the bytes are not a single-object encoded record of a
   *     known schema version
   */
  public T decode(byte[] bytes, String where) {
    if (bytes == null) {
      throw new UndecodableRecordException(type, where, "value is null");
    }
    try {
      if (bytes.length < HEADER || bytes[0] != MARKER_0 || bytes[1] != MARKER_1) {
        throw new BadHeaderException("not single-object encoded Avro: no C3 01 marker");
      }
      long fingerprint = ByteBuffer.wrap(bytes, 2, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
      DatumReader<T> reader = readers.get(fingerprint);
      if (reader == null) {
        throw new MissingSchemaException("Cannot resolve schema for fingerprint: " + fingerprint);
      }
      BinaryDecoder in =
          DecoderFactory.get().binaryDecoder(bytes, HEADER, bytes.length - HEADER, DECODERS.get());
      DECODERS.set(in);
      return reader.read(null, in);
    } catch (IOException | RuntimeException e) {
      throw new UndecodableRecordException(type, where, describe(e), e);
    }
  }

  private static String describe(Throwable e) {
    String message = e.getMessage();
    return e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
  }

  @Override
  public Serializer<T> serializer() {
    return (topic, value) -> value == null ? null : encode(value);
  }

  @Override
  public Deserializer<T> deserializer() {
    return (topic, bytes) -> bytes == null ? null : decode(bytes, "topic " + topic);
  }
}
