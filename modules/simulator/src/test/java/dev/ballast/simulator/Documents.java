package dev.ballast.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.document.Document;

/** Converts SDK documents (tool-use inputs) to Jackson trees for assertions. */
final class Documents {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private Documents() {}

  static JsonNode toJson(Document d) {
    if (d == null || d.isNull()) {
      return NODES.nullNode();
    }
    if (d.isMap()) {
      ObjectNode o = NODES.objectNode();
      d.asMap().forEach((k, v) -> o.set(k, toJson(v)));
      return o;
    }
    if (d.isList()) {
      ArrayNode a = NODES.arrayNode();
      d.asList().forEach(v -> a.add(toJson(v)));
      return a;
    }
    if (d.isBoolean()) {
      return NODES.booleanNode(d.asBoolean());
    }
    if (d.isNumber()) {
      String text = d.asNumber().stringValue();
      return text.contains(".") || text.contains("e") || text.contains("E")
          ? NODES.numberNode(d.asNumber().bigDecimalValue())
          : NODES.numberNode(d.asNumber().longValue());
    }
    return NODES.textNode(d.asString());
  }

  static Document fromJson(JsonNode n) {
    if (n.isObject()) {
      Map<String, Document> map = new LinkedHashMap<>();
      n.properties().forEach(e -> map.put(e.getKey(), fromJson(e.getValue())));
      return Document.fromMap(map);
    }
    if (n.isArray()) {
      List<Document> list = new ArrayList<>();
      n.forEach(e -> list.add(fromJson(e)));
      return Document.fromList(list);
    }
    if (n.isBoolean()) {
      return Document.fromBoolean(n.asBoolean());
    }
    if (n.isIntegralNumber()) {
      return Document.fromNumber(n.asLong());
    }
    if (n.isNumber()) {
      return Document.fromNumber(n.decimalValue());
    }
    if (n.isNull()) {
      return Document.fromNull();
    }
    return Document.fromString(n.asText());
  }
}
