package io.cairn.etl.transforms;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/** Selecting and dropping nested fields by path, as Glue's SelectFields and DropFields do. */
final class Fields {
  private Fields() {}

  /** The field at {@code path}, or null when there is none (names compare case-insensitively). */
  static StructField find(StructType schema, List<String> path) {
    StructType current = schema;
    StructField found = null;
    for (String name : path) {
      if (current == null) {
        return null;
      }
      found = null;
      for (StructField field : current.fields()) {
        if (field.name().equalsIgnoreCase(name)) {
          found = field;
          break;
        }
      }
      if (found == null) {
        return null;
      }
      current = found.dataType() instanceof StructType struct ? struct : null;
    }
    return found;
  }

  static void requireExists(String type, StructType schema, List<List<String>> paths) {
    List<String> missing = new ArrayList<>();
    for (List<String> path : paths) {
      if (find(schema, path) == null) {
        missing.add(Configurations.dotted(path));
      }
    }
    if (!missing.isEmpty()) {
      throw new IllegalArgumentException(
          type
              + ": no field "
              + String.join(", ", missing)
              + " in the input "
              + schema.simpleString());
    }
  }

  /**
   * Keeps only the fields at {@code paths}; a nested path keeps its parents as structs holding only
   * the selected children. Fields keep the input's order.
   */
  static Dataset<Row> select(Dataset<Row> input, List<List<String>> paths) {
    Map<String, Object> tree = tree(paths);
    List<Column> columns = new ArrayList<>();
    for (StructField field : input.schema().fields()) {
      Object child = tree.get(field.name().toLowerCase(java.util.Locale.ROOT));
      if (child != null) {
        columns.add(selected(List.of(field.name()), field.dataType(), child).as(field.name()));
      }
    }
    return input.select(columns.toArray(Column[]::new));
  }

  /** Removes the fields at {@code paths}; nested fields are dropped from their parent struct. */
  static Dataset<Row> drop(Dataset<Row> input, List<List<String>> paths) {
    Dataset<Row> result = input;
    for (List<String> path : paths) {
      StructField top = find(result.schema(), path.subList(0, 1));
      if (top == null) {
        continue;
      }
      if (path.size() == 1) {
        result = result.drop(top.name());
      } else {
        String nested = String.join(".", path.subList(1, path.size()));
        result =
            result.withColumn(
                top.name(),
                Configurations.dropField(Configurations.column(List.of(top.name())), nested));
      }
    }
    return result;
  }

  @SuppressWarnings("unchecked")
  private static Column selected(List<String> path, DataType type, Object tree) {
    if (tree == Boolean.TRUE || !(type instanceof StructType struct)) {
      return Configurations.column(path);
    }
    Map<String, Object> children = (Map<String, Object>) tree;
    List<Column> fields = new ArrayList<>();
    for (StructField field : struct.fields()) {
      Object child = children.get(field.name().toLowerCase(java.util.Locale.ROOT));
      if (child != null) {
        List<String> childPath = new ArrayList<>(path);
        childPath.add(field.name());
        fields.add(selected(childPath, field.dataType(), child).as(field.name()));
      }
    }
    return functions.struct(fields.toArray(Column[]::new));
  }

  /** Paths as a tree of lower-cased names; TRUE marks a whole field. */
  @SuppressWarnings("unchecked")
  private static Map<String, Object> tree(List<List<String>> paths) {
    Map<String, Object> root = new LinkedHashMap<>();
    for (List<String> path : paths) {
      Map<String, Object> level = root;
      for (int i = 0; i < path.size(); i++) {
        String name = path.get(i).toLowerCase(java.util.Locale.ROOT);
        if (i == path.size() - 1) {
          level.put(name, Boolean.TRUE);
        } else {
          Object next = level.get(name);
          if (next == Boolean.TRUE) {
            break;
          }
          if (next == null) {
            next = new LinkedHashMap<String, Object>();
            level.put(name, next);
          }
          level = (Map<String, Object>) next;
        }
      }
    }
    return root;
  }
}
