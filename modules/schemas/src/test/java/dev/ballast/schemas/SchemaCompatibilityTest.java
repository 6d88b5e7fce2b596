package dev.ballast.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.specific.SpecificData;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Guards schema evolution: the current schemas must read everything a released version wrote. */
class SchemaCompatibilityTest {

  static Stream<Class<?>> wireTypes() {
    return Stream.of(InferenceRequest.class, InferenceResult.class);
  }

  @ParameterizedTest
  @MethodSource("wireTypes")
  void shouldReadEveryReleasedVersionWhenSchemaChanges(Class<?> type) {
    // given
    Schema current = SpecificData.get().getSchema(type);
    List<Schema> released = ReleasedSchemas.versionsOf(current.getFullName());

    // then
    assertThat(released).as("released versions of %s", type.getSimpleName()).isNotEmpty();
    for (Schema writer : released) {
      SchemaCompatibility.SchemaPairCompatibility result =
          SchemaCompatibility.checkReaderWriterCompatibility(current, writer);
      assertThat(result.getType())
          .as(
              "%s cannot read a released version: %s",
              type.getSimpleName(), result.getDescription())
          .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
    }
  }
}
