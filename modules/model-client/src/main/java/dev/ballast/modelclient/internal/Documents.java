package dev.ballast.modelclient.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.SdkNumber;
import software.amazon.awssdk.core.document.Document;

/** Converts between JSON text and the SDK's {@link Document}. Stateless and thread-safe. */
public final class Documents {

  private static final ObjectMapper JSON = new ObjectMapper();

  private Documents() {}

  /**
   * Parses JSON text into a document.
   *
   * @throws IllegalArgumentException when the text is not JSON
   */
  public static Document fromJson(String json) {
    try {
      return fromNode(JSON.readTree(json));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not valid JSON: " + e.getOriginalMessage(), e);
    }
  }

  /** Renders a document as compact JSON text. */
  public static String toJson(Document document) {
    return toNode(document).toString();
  }

  static Document fromNode(JsonNode node) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      return Document.fromNull();
    }
    if (node.isObject()) {
      Map<String, Document> map = new LinkedHashMap<>();
      node.properties().forEach(e -> map.put(e.getKey(), fromNode(e.getValue())));
      return Document.fromMap(map);
    }
    if (node.isArray()) {
      List<Document> list = new ArrayList<>(node.size());
      node.forEach(n -> list.add(fromNode(n)));
      return Document.fromList(list);
    }
    if (node.isBoolean()) {
      return Document.fromBoolean(node.booleanValue());
    }
    if (node.isNumber()) {
      return Document.fromNumber(SdkNumber.fromString(node.numberValue().toString()));
    }
    return Document.fromString(node.asText());
  }

  static JsonNode toNode(Document d) {
    JsonNodeFactory f = JsonNodeFactory.instance;
    if (d == null || d.isNull()) {
      return f.nullNode();
    }
    if (d.isMap()) {
      ObjectNode object = f.objectNode();
      d.asMap().forEach((k, v) -> object.set(k, toNode(v)));
      return object;
    }
    if (d.isList()) {
      ArrayNode array = f.arrayNode();
      d.asList().forEach(v -> array.add(toNode(v)));
      return array;
    }
    if (d.isBoolean()) {
      return f.booleanNode(d.asBoolean());
    }
    if (d.isNumber()) {
      BigDecimal value = d.asNumber().bigDecimalValue();
      try {
        return f.numberNode(value.longValueExact());
      } catch (ArithmeticException notIntegral) {
        return f.numberNode(value);
      }
    }
    return f.textNode(d.asString());
  }
}
