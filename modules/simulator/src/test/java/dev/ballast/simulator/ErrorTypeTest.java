package dev.ballast.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ErrorTypeTest {

  @ParameterizedTest
  @EnumSource(ErrorType.class)
  void shouldParseTheEnumNameWhenWrittenInAnyCase(ErrorType type) {
    // then
    assertThat(ErrorType.parse(type.name())).isEqualTo(type);
    assertThat(ErrorType.parse(type.name().toLowerCase(Locale.ROOT))).isEqualTo(type);
  }

  @Test
  void shouldParseWireNamesWhenGiven() {
    // then
    assertThat(ErrorType.parse("ThrottlingException")).isEqualTo(ErrorType.THROTTLING);
    assertThat(ErrorType.parse("ServiceUnavailableException"))
        .isEqualTo(ErrorType.SERVICE_UNAVAILABLE);
    assertThat(ErrorType.parse("ValidationException")).isEqualTo(ErrorType.VALIDATION);
    assertThat(ErrorType.parse("contextOverflow")).isEqualTo(ErrorType.CONTEXT_OVERFLOW);
    assertThat(ErrorType.parse("context-overflow")).isEqualTo(ErrorType.CONTEXT_OVERFLOW);
  }

  @Test
  void shouldListTheKnownTypesWhenTheNameIsUnknown() {
    // then
    assertThatThrownBy(() -> ErrorType.parse("Throttled"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown error type 'Throttled'")
        .hasMessageContaining("ThrottlingException");
  }

  @Test
  void shouldCarryBedrocksStatusesWhenAsked() {
    // then
    assertThat(ErrorType.THROTTLING.httpStatus()).isEqualTo(429);
    assertThat(ErrorType.MODEL_NOT_READY.httpStatus()).isEqualTo(429);
    assertThat(ErrorType.SERVICE_UNAVAILABLE.httpStatus()).isEqualTo(503);
    assertThat(ErrorType.INTERNAL_SERVER.httpStatus()).isEqualTo(500);
    assertThat(ErrorType.MODEL_TIMEOUT.httpStatus()).isEqualTo(408);
    assertThat(ErrorType.MODEL_ERROR.httpStatus()).isEqualTo(424);
    assertThat(ErrorType.VALIDATION.httpStatus()).isEqualTo(400);
    assertThat(ErrorType.CONTEXT_OVERFLOW.wireName()).isEqualTo("ValidationException");
    assertThat(ErrorType.SERVICE_QUOTA_EXCEEDED.httpStatus()).isEqualTo(400);
    assertThat(ErrorType.ACCESS_DENIED.httpStatus()).isEqualTo(403);
    assertThat(ErrorType.RESOURCE_NOT_FOUND.httpStatus()).isEqualTo(404);
  }

  @Test
  void shouldParseMalformationsInConfigAndEnumSpelling() {
    // then
    assertThat(Malformation.parse("truncatedJson")).isEqualTo(Malformation.TRUNCATED_JSON);
    assertThat(Malformation.parse("PROSE_AROUND_JSON")).isEqualTo(Malformation.PROSE_AROUND_JSON);
    assertThatThrownBy(() -> Malformation.parse("garbled"))
        .hasMessageContaining("known: proseAroundJson, truncatedJson, wrongTypes, missingRequired");
  }
}
