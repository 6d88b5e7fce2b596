package dev.ballast.modelclient.structured;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class SchemaValidatorTest {

  static final String PERSON =
      """
      {
        "type": "object",
        "required": ["name", "age"],
        "properties": {
          "name": {"type": "string"},
          "age": {"type": "integer", "minimum": 0},
          "address": {
            "type": "object",
            "properties": {"zip": {"type": "string", "pattern": "^[0-9]{5}$"}}
          },
          "tags": {"type": "array", "items": {"type": "string"}}
        },
        "additionalProperties": false
      }
      """;

  private final SchemaValidator validator = SchemaValidator.create();

  @Test
  void shouldFindNoErrorsWhenJsonMatches() {
    // when
    List<String> errors =
        validator.validate(
            "{\"name\":\"Ada\",\"age\":36,\"address\":{\"zip\":\"12345\"},\"tags\":[\"x\"]}",
            PERSON);

    // then
    assertThat(errors).isEmpty();
  }

  @Test
  void shouldNamePathAndTypesWhenTypeIsWrong() {
    // when
    List<String> errors = validator.validate("{\"name\":\"Ada\",\"age\":\"36\"}", PERSON);

    // then
    assertThat(errors).containsExactly("$.age: string found, integer expected");
  }

  @Test
  void shouldNamePropertyWhenRequiredOneIsMissing() {
    // when
    List<String> errors = validator.validate("{\"name\":\"Ada\"}", PERSON);

    // then
    assertThat(errors).containsExactly("$: required property 'age' not found");
  }

  @Test
  void shouldGiveNestedPathsWhenNestedValuesAreWrong() {
    // when
    List<String> errors =
        validator.validate(
            "{\"name\":\"Ada\",\"age\":1,\"address\":{\"zip\":12345},\"tags\":[\"a\",2]}", PERSON);

    // then
    assertThat(errors)
        .containsExactlyInAnyOrder(
            "$.address.zip: integer found, string expected",
            "$.tags[1]: integer found, string expected");
  }

  @Test
  void shouldSayItIsNotJsonWhenAnswerDoesNotParse() {
    // when
    List<String> errors = validator.validate("{\"name\": \"Ada\",", PERSON);
    List<String> trailing = validator.validate("{\"name\":\"Ada\",\"age\":1} and more", PERSON);

    // then
    assertThat(errors).singleElement().asString().startsWith("$: not valid JSON: ");
    assertThat(trailing).singleElement().asString().startsWith("$: not valid JSON: ");
  }

  @Test
  void shouldNameTheProblemWhenSchemaBreaksItsMetaSchema() {
    // when / then
    assertThatThrownBy(() -> validator.checkSchema("{\"type\": \"strnig\"}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("responseSchema is not a valid JSON Schema: $.type: ");
    assertThatThrownBy(() -> validator.validate("{}", "{\"required\": \"name\"}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "responseSchema is not a valid JSON Schema: $.required: string found, array expected");
  }

  @Test
  void shouldSaySoWhenSchemaIsNotAJsonObject() {
    // when / then
    assertThatThrownBy(() -> validator.checkSchema("{\"type\": "))
        .hasMessageStartingWith("responseSchema is not a valid JSON Schema: not JSON: ");
    assertThatThrownBy(() -> validator.checkSchema("[1, 2]"))
        .hasMessage("responseSchema is not a valid JSON Schema: a schema must be a JSON object");
  }

  @Test
  void shouldRejectSchemaWhenRefPointsOutsideIt() {
    // when / then
    assertThatThrownBy(() -> validator.checkSchema("{\"$ref\": \"https://example.com/s.json\"}"))
        .hasMessageStartingWith("responseSchema is not a valid JSON Schema: ")
        .hasMessageContaining("https://example.com/s.json");
    assertThatThrownBy(() -> validator.checkSchema("{\"$ref\": \"file:///etc/passwd\"}"))
        .hasMessageStartingWith("responseSchema is not a valid JSON Schema: ");
    assertThatThrownBy(() -> validator.checkSchema("{\"$ref\": \"classpath:draft-07/schema\"}"))
        .hasMessageStartingWith("responseSchema is not a valid JSON Schema: ");
    assertThatThrownBy(
            () ->
                validator.checkSchema("{\"properties\": {\"a\": {\"$ref\": \"#/$defs/missing\"}}}"))
        .hasMessageStartingWith("responseSchema is not a valid JSON Schema: ");
  }

  @Test
  void shouldResolveLocalDefinitionsWhenSchemaRefersToThem() {
    // given
    String schema =
        """
        {"type": "object", "properties": {"n": {"$ref": "#/$defs/count"}},
         "$defs": {"count": {"type": "integer"}}}
        """;

    // when
    List<String> errors = validator.validate("{\"n\": \"x\"}", schema);

    // then
    assertThat(errors).containsExactly("$.n: string found, integer expected");
  }

  @Test
  void shouldUseDeclaredDraftWhenSchemaNamesOne() {
    // given
    String draft7 =
        """
        {"$schema": "http://json-schema.org/draft-07/schema#",
         "type": "object", "properties": {"n": {"type": "integer"}}}
        """;

    // when / then
    assertThat(validator.validate("{\"n\": 1.5}", draft7))
        .containsExactly("$.n: number found, integer expected");
    assertThatThrownBy(() -> validator.checkSchema("{\"$schema\": \"https://example.com/x\"}"))
        .hasMessageContaining("unsupported $schema");
  }

  @Test
  void shouldStayCorrectWhenCacheEvictsSchemas() {
    // given
    SchemaValidator tiny = new SchemaValidator(1);
    String integers = "{\"type\": \"integer\"}";
    String strings = "{\"type\": \"string\"}";

    // when / then
    for (int i = 0; i < 3; i++) {
      assertThat(tiny.validate("1", integers)).isEmpty();
      assertThat(tiny.validate("1", strings)).containsExactly("$: integer found, string expected");
    }
    assertThatThrownBy(() -> new SchemaValidator(0)).hasMessage("cacheSize must be >= 1, was 0");
  }

  @Test
  void shouldGiveSameAnswersWhenManyThreadsValidate() throws Exception {
    // given
    ExecutorService pool = Executors.newFixedThreadPool(4);
    List<Future<List<String>>> results = new ArrayList<>();

    // when
    try {
      for (int i = 0; i < 400; i++) {
        String json = i % 2 == 0 ? "{\"name\":\"a\",\"age\":1}" : "{\"name\":\"a\",\"age\":-1}";
        results.add(pool.submit(() -> validator.validate(json, PERSON)));
      }

      // then
      for (int i = 0; i < results.size(); i++) {
        List<String> errors = results.get(i).get();
        if (i % 2 == 0) {
          assertThat(errors).isEmpty();
        } else {
          assertThat(errors).singleElement().asString().startsWith("$.age: ");
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void shouldAcceptSchemaWhenItIsValid() {
    // when / then
    assertThatCode(() -> validator.checkSchema(PERSON)).doesNotThrowAnyException();
  }
}
