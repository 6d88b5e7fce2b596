package dev.ballast.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.data.TimeConversions;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.Encoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.avro.util.RandomData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AvroSerdeTest {

  private final AvroSerde<InferenceRequest> serde = AvroSerde.of(InferenceRequest.class);

  static InferenceRequest request(String id) {
    return InferenceRequest.newBuilder()
        .setId(id)
        .setRoute("default")
        .setMessages(List.of(new Message(Role.USER, "What is the capital of France?")))
        .setSystem("Answer briefly.")
        .setInference(InferenceConfig.newBuilder().setMaxTokens(64).setTemperature(0.2f).build())
        .setSubmittedAt(Instant.ofEpochMilli(1_700_000_000_000L))
        .setMetadata(Map.of("tenant", "acme"))
        .build();
  }

  @Test
  void shouldRoundTripWhenEncodedWithSingleObjectEncoding() {
    // given
    InferenceRequest request = request("r-1");

    // when
    byte[] bytes = serde.serializer().serialize("t", request);
    InferenceRequest decoded = serde.deserializer().deserialize("t", bytes);

    // then
    assertThat(bytes[0]).isEqualTo((byte) 0xC3);
    assertThat(bytes[1]).isEqualTo((byte) 0x01);
    assertThat(decoded).isEqualTo(request);
  }

  @Test
  void shouldDecodeAsAvrosOwnMessageDecoderDoes() throws Exception {
    // given: bytes written by Avro's own single-object encoder
    InferenceRequest request = request("r-avro");
    java.nio.ByteBuffer buffer = InferenceRequest.getEncoder().encode(request);
    byte[] bytes = new byte[buffer.remaining()];
    buffer.get(bytes);

    // when / then: the same record as Avro's decoder reads, twice on one thread (reused decoder)
    assertThat(serde.decode(bytes, "x")).isEqualTo(InferenceRequest.getDecoder().decode(bytes));
    assertThat(serde.decode(serde.encode(request("r-2")), "x")).isEqualTo(request("r-2"));
  }

  @ParameterizedTest
  @ValueSource(
      classes = {
        Attempt.class,
        CachedAnswer.class,
        EndpointSignal.class,
        FailureReason.class,
        InFlight.class,
        InferenceConfig.class,
        InferenceRequest.class,
        InferenceResult.class,
        LedgerEntry.class,
        Message.class,
        RequestState.class,
        ServedBy.class,
        TokenUsage.class
      })
  void shouldWriteTheBytesOfAvrosGenericWriterWithTheGeneratedCoders(Class<?> type)
      throws Exception {
    // given: random records of every shape the schema allows (nulls, empty and full collections)
    AvroSerde<SpecificRecord> serde = AvroSerde.of(type.asSubclass(SpecificRecord.class));
    Schema schema = SpecificData.get().getSchema(type);
    assertThatCode(() -> type.getDeclaredMethod("customEncode", Encoder.class))
        .as("generated coders of %s", type.getSimpleName())
        .doesNotThrowAnyException();
    SpecificData plain = new SpecificData();
    plain.addLogicalTypeConversion(new TimeConversions.TimestampMillisConversion());
    DatumWriter<SpecificRecord> avroWriter = new SpecificDatumWriter<>(schema, plain);
    int n = 0;
    for (Object random : new RandomData(GenericData.get(), schema, 200, 7L)) {
      SpecificRecord record =
          serde.decode(singleObject(schema, genericBytes(schema, random)), "random");

      // when
      byte[] ours = serde.encode(record);

      // then: the bytes Avro's own writer makes of the same record, which decode to it
      ByteArrayOutputStream expected = new ByteArrayOutputStream();
      BinaryEncoder out = EncoderFactory.get().binaryEncoder(expected, null);
      avroWriter.write(record, out);
      out.flush();
      assertThat(Arrays.copyOfRange(ours, 10, ours.length)).isEqualTo(expected.toByteArray());
      assertThat(serde.decode(ours, "ours")).isEqualTo(record);
      n++;
    }
    assertThat(n).isEqualTo(200);
  }

  /** Avro's single-object encoding of a datum's bytes: C3 01, the fingerprint (LE), the datum. */
  private static byte[] singleObject(Schema schema, byte[] datum) {
    return ByteBuffer.allocate(10 + datum.length)
        .order(ByteOrder.LITTLE_ENDIAN)
        .put((byte) 0xC3)
        .put((byte) 0x01)
        .putLong(SchemaNormalization.parsingFingerprint64(schema))
        .put(datum)
        .array();
  }

  private static byte[] genericBytes(Schema schema, Object datum) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    BinaryEncoder out = EncoderFactory.get().binaryEncoder(bytes, null);
    new GenericDatumWriter<>(schema, GenericData.get()).write(datum, out);
    out.flush();
    return bytes.toByteArray();
  }

  @Test
  void shouldNameTheSourceWhenTheDatumIsCutShort() {
    // given
    byte[] whole = serde.encode(request("r-cut"));
    byte[] cut = java.util.Arrays.copyOf(whole, whole.length - 8);

    // when / then
    assertThatThrownBy(() -> serde.decode(cut, "ballast.requests-1@3"))
        .isInstanceOf(UndecodableRecordException.class)
        .hasMessageStartingWith("Cannot decode InferenceRequest from ballast.requests-1@3: ");
    assertThat(serde.decode(whole, "x")).isEqualTo(request("r-cut"));
  }

  @Test
  void shouldNameTheSourceWhenBytesAreNotARecord() {
    // given
    byte[] garbage = "{\"id\":\"r-1\"}".getBytes(StandardCharsets.UTF_8);

    // when / then
    assertThatThrownBy(() -> serde.decode(garbage, "ballast.requests-2@17"))
        .isInstanceOf(UndecodableRecordException.class)
        .hasMessageStartingWith("Cannot decode InferenceRequest from ballast.requests-2@17: ")
        .satisfies(
            e ->
                assertThat(((UndecodableRecordException) e).where())
                    .isEqualTo("ballast.requests-2@17"));
  }

  @Test
  void shouldRejectResultBytesWhenReadAsRequest() {
    // given: a valid record of another type has an unknown fingerprint for this serde
    InferenceResult result =
        InferenceResult.newBuilder()
            .setId("r-1")
            .setStatus(Status.SUCCEEDED)
            .setCompletedAt(Instant.EPOCH)
            .build();
    byte[] bytes = AvroSerde.of(InferenceResult.class).encode(result);

    // when / then
    assertThatThrownBy(() -> serde.decode(bytes, "x"))
        .isInstanceOf(UndecodableRecordException.class)
        .hasMessageContaining("MissingSchemaException");
  }

  @Test
  void shouldRejectNullWhenDecoding() {
    assertThatThrownBy(() -> serde.decode(null, "ballast.requests-0@0"))
        .isInstanceOf(UndecodableRecordException.class)
        .hasMessageEndingWith("value is null");
  }
}
