package dev.ballast.simulator.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ballast.simulator.MiniSchemaValidator;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SchemaInstanceGeneratorTest {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\",\"minLength\":30,\"maxLength\":30}},\"required\":[\"a\"]}",
        "{\"type\":\"object\",\"properties\":{\"n\":{\"type\":\"integer\",\"minimum\":-5,\"maximum\":-3}}}",
        "{\"type\":\"object\",\"properties\":{\"n\":{\"type\":\"integer\",\"maximum\":-50}}}",
        "{\"type\":\"object\",\"properties\":{\"n\":{\"type\":\"integer\",\"minimum\":10,\"multipleOf\":7}}}",
        "{\"type\":\"object\",\"properties\":{\"x\":{\"type\":\"number\",\"exclusiveMinimum\":0,\"exclusiveMaximum\":1}}}",
        "{\"type\":\"object\",\"properties\":{\"t\":{\"type\":[\"null\",\"string\"],\"maxLength\":3}}}",
        "{\"type\":\"array\",\"items\":{\"type\":\"boolean\"},\"minItems\":5,\"maxItems\":5}",
        "{\"type\":\"object\",\"properties\":{\"e\":{\"enum\":[\"a\",1,null]},\"c\":{\"const\":{\"k\":[1]}}}}",
        "{\"oneOf\":[{\"type\":\"object\",\"properties\":{\"id\":{\"type\":\"integer\"}},\"required\":[\"id\"]},{\"type\":\"string\"}]}",
        "{\"allOf\":[{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\"}},\"required\":[\"a\"]},{\"properties\":{\"b\":{\"type\":\"integer\"}},\"required\":[\"b\"]}]}",
        "{\"type\":\"object\",\"properties\":{\"node\":{\"$ref\":\"#/definitions/node\"}},\"definitions\":{\"node\":{\"type\":\"object\",\"properties\":{\"name\":{\"type\":\"string\"},\"child\":{\"$ref\":\"#/definitions/node\"}},\"required\":[\"name\"]}}}",
        "{\"type\":\"object\",\"properties\":{\"when\":{\"type\":\"string\",\"format\":\"date-time\"},\"id\":{\"type\":\"string\",\"format\":\"uuid\"}}}",
        "{\"type\":\"object\",\"required\":[\"undeclared\"]}"
      })
  void shouldGenerateAConformingValueWhenGivenASchema(String schemaText) throws Exception {
    // given
    JsonNode schema = MAPPER.readTree(schemaText);

    for (int seed = 0; seed < 20; seed++) {
      // when
      JsonNode value = SchemaInstanceGenerator.generate(schema, new SplittableRandom(seed));

      // then
      assertThat(MiniSchemaValidator.errors(value, schema)).as("value %s", value).isEmpty();
    }
  }
}
