package io.cairn.etl.transforms;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataType;

/** Reading the fields of a node's configuration the way Glue's job graph spells them. */
final class Configurations {
  private Configurations() {}

  /** A required non-blank text field, or null after adding a problem. */
  static String requiredText(JsonNode configuration, String field, List<String> problems) {
    JsonNode node = configuration.get(field);
    if (node == null || node.isNull()) {
      problems.add(field + " is required");
      return null;
    }
    if (!node.isTextual() || node.asText().isBlank()) {
      problems.add(field + " must be a non-empty string");
      return null;
    }
    return node.asText();
  }

  /** An optional text field: null when absent. */
  static String optionalText(JsonNode configuration, String field, List<String> problems) {
    JsonNode node = configuration.get(field);
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isTextual()) {
      problems.add(field + " must be a string");
      return null;
    }
    return node.asText();
  }

  /** One path: Glue writes a nested field as the list of its names from the top, ["a", "b"]. */
  static List<String> path(JsonNode node, String field, List<String> problems) {
    if (node == null || !node.isArray() || node.isEmpty()) {
      problems.add(field + " must be a non-empty list of field names");
      return List.of();
    }
    List<String> path = new ArrayList<>();
    for (JsonNode name : node) {
      if (!name.isTextual() || name.asText().isEmpty()) {
        problems.add(field + " holds a name that is not a non-empty string: " + name);
        return List.of();
      }
      path.add(name.asText());
    }
    return List.copyOf(path);
  }

  /** A list of paths, as in SelectFields' and DropFields' {@code Paths}: [["a"], ["b", "c"]]. */
  static List<List<String>> paths(JsonNode configuration, String field, List<String> problems) {
    JsonNode node = configuration.get(field);
    if (node == null || !node.isArray() || node.isEmpty()) {
      problems.add(field + " must be a non-empty list of paths such as [[\"a\"], [\"b\", \"c\"]]");
      return List.of();
    }
    List<List<String>> paths = new ArrayList<>();
    for (JsonNode path : node) {
      paths.add(path(path, field + " entry", problems));
    }
    return List.copyOf(paths);
  }

  /** A column from its path; each name is quoted so that dots and spaces in names are literal. */
  static Column column(List<String> path) {
    return functions.col(quoted(path));
  }

  /** {@code struct.dropFields(name)}: Spark's method is a Scala varargs one without a Java form. */
  static Column dropField(Column struct, String nestedName) {
    return struct.dropFields(
        scala.collection.JavaConverters.asScalaBuffer(List.of(nestedName)).toSeq());
  }

  static String quoted(List<String> path) {
    return path.stream()
        .map(name -> "`" + name.replace("`", "``") + "`")
        .collect(Collectors.joining("."));
  }

  static String dotted(List<String> path) {
    return String.join(".", path);
  }

  /** A Spark or Glue type name ("int", "long", "decimal(10,2)", "timestamp"), or null. */
  static DataType dataType(String name, String field, List<String> problems) {
    try {
      return DataType.fromDDL(name);
    } catch (Exception e) { // Spark's ParseException is checked in Java's eyes, but undeclared
      problems.add(field + " is not a type name: " + name);
      return null;
    }
  }

  /** Throws when {@code problems} is not empty: a transform never runs on a bad configuration. */
  static void requireValid(String type, List<String> problems) {
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(
          "Invalid " + type + " configuration: " + String.join("; ", problems));
    }
  }

  static void requireInputs(String type, List<?> inputs, int count) {
    if (inputs.size() != count) {
      throw new IllegalArgumentException(
          type + " takes " + count + " input(s), got " + inputs.size());
    }
  }
}
