package io.cairn.etl.transforms;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code Parameters} of a Glue Studio {@code DynamicTransform} node: {@code [{"Name":
 * "colName", "Type": "str", "Value": ["total"]}, …]}. A list parameter's {@code Value} holds its
 * items, or one JSON-encoded list ("[\"a\",\"b\"]") as some job definitions store it.
 */
final class DynamicTransformParameters {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final Map<String, List<String>> values;

  private DynamicTransformParameters(Map<String, List<String>> values) {
    this.values = values;
  }

  static DynamicTransformParameters of(JsonNode configuration, List<String> problems) {
    Map<String, List<String>> values = new LinkedHashMap<>();
    JsonNode parameters = configuration.get("Parameters");
    if (parameters == null || parameters.isNull()) {
      return new DynamicTransformParameters(values);
    }
    if (!parameters.isArray()) {
      problems.add("Parameters must be a list of {Name, Value}");
      return new DynamicTransformParameters(values);
    }
    for (JsonNode parameter : parameters) {
      String name = parameter.path("Name").asText("");
      if (name.isEmpty()) {
        problems.add("a parameter has no Name: " + parameter);
        continue;
      }
      JsonNode value = parameter.get("Value");
      List<String> items = new ArrayList<>();
      if (value != null && value.isArray()) {
        value.forEach(item -> items.add(item.asText()));
      } else if (value != null && !value.isNull()) {
        items.add(value.asText());
      }
      values.put(name, items);
    }
    return new DynamicTransformParameters(values);
  }

  String required(String name, List<String> problems) {
    String value = optional(name);
    if (value == null || value.isEmpty()) {
      problems.add("parameter " + name + " is required");
      return null;
    }
    return value;
  }

  /** The names of the parameters given, in their order. */
  List<String> names() {
    return List.copyOf(values.keySet());
  }

  /** The first value, or null when the parameter is absent or empty. */
  String optional(String name) {
    List<String> items = values.get(name);
    return items == null || items.isEmpty() ? null : items.get(0);
  }

  /** A list parameter: its items, a JSON-encoded list, or one comma-separated text. */
  List<String> list(String name, List<String> problems, boolean required) {
    List<String> items = values.getOrDefault(name, List.of());
    if (items.size() == 1 && items.get(0).trim().startsWith("[")) {
      try {
        List<String> decoded = new ArrayList<>();
        JSON.readTree(items.get(0)).forEach(item -> decoded.add(item.asText()));
        items = decoded;
      } catch (IOException e) {
        problems.add("parameter " + name + " is not a JSON list: " + items.get(0));
        return List.of();
      }
    } else if (items.size() == 1) {
      items = Arrays.stream(items.get(0).split(",")).map(String::trim).toList();
    }
    items = items.stream().filter(item -> !item.isEmpty()).toList();
    if (required && items.isEmpty()) {
      problems.add("parameter " + name + " must list at least one value");
    }
    return items;
  }
}
