package dev.ballast.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

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
