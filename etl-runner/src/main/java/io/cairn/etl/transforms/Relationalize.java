package io.cairn.etl.transforms;

import com.fasterxml.jackson.databind.JsonNode;
import io.cairn.etl.Transform;
import io.cairn.etl.TransformContext;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Glue's Relationalize: a nested frame as flat tables. Struct fields become top-level columns named
 * by their path joined with {@code .} (a name that itself holds a {@code .} is quoted in
 * backticks). Each array becomes its own table, {@code <parent table>_<column>}, with columns
 * {@code id} (the join key: the parent row's value in the array's column), {@code index} (the
 * element's position, from 0) and the element as {@code <column>.val}, flattened in turn when it is
 * a struct; arrays inside elements become tables of their own the same way.
 *
 * <p>Outputs: the root table ({@code root}) first, then each array's table depth-first in column
 * order (an array's table is followed by the tables of the arrays inside it). {@link #tableNames}
 * gives the names in that order.
 */
public final class Relationalize implements Transform {
  private static final String ROOT_TABLE_NAME = "root";
  private static final String ROW_ID = "__cairn_relationalize_row_id";

  @Override
  public String type() {
    return "Relationalize";
  }

  @Override
  public List<Dataset<Row>> apply(
      TransformContext context, List<Dataset<Row>> inputs, JsonNode configuration) {
    Configurations.requireInputs(type(), inputs, 1);
    Dataset<Row> input = inputs.get(0);
    List<Dataset<Row>> outputs = new ArrayList<>();
    relationalize(input, topLevel(input.schema()), outputs);
    return List.copyOf(outputs);
  }

  /**
   * The names of the tables {@link #apply} returns for {@code schema}, in the same order. A job
   * picks a table by its index (SelectFromCollection); the names say which is which.
   */
  public static List<String> tableNames(StructType schema) {
    List<String> names = new ArrayList<>();
    names(ROOT_TABLE_NAME, topLevel(schema), names);
    return List.copyOf(names);
  }

  /** A column of a table being built: its flat name, how to compute it, and its type. */
  private record Leaf(String name, Column value, DataType type) {}

  private static List<Leaf> topLevel(StructType schema) {
    List<Leaf> leaves = new ArrayList<>();
    for (StructField field : schema.fields()) {
      leaves.add(
          new Leaf(
              quoted(field.name()), functions.col(quotedColumn(field.name())), field.dataType()));
    }
    return leaves;
  }

  /** Structs replaced by their fields, recursively; arrays, maps and scalars stay columns. */
  private static List<Leaf> flatten(List<Leaf> columns) {
    List<Leaf> flat = new ArrayList<>();
    for (Leaf column : columns) {
      if (column.type() instanceof StructType struct) {
        List<Leaf> children = new ArrayList<>();
        for (StructField field : struct.fields()) {
          children.add(
              new Leaf(
                  column.name() + "." + quoted(field.name()),
                  column.value().getField(field.name()),
                  field.dataType()));
        }
        flat.addAll(flatten(children));
      } else {
        flat.add(column);
      }
    }
    return flat;
  }

  private static void names(String table, List<Leaf> columns, List<String> names) {
    names.add(table);
    for (Leaf leaf : flatten(columns)) {
      if (leaf.type() instanceof ArrayType array) {
        names(table + "_" + leaf.name(), elementColumns(leaf, array), names);
      }
    }
  }

  /**
   * Adds the table of {@code columns} to {@code outputs}, then the tables of its arrays, in the
   * order {@link #names} lists them.
   */
  private static void relationalize(
      Dataset<Row> frame, List<Leaf> columns, List<Dataset<Row>> outputs) {
    List<Leaf> flat = flatten(columns);
    List<Leaf> arrays = flat.stream().filter(leaf -> leaf.type() instanceof ArrayType).toList();
    Dataset<Row> flatFrame =
        frame.select(
            flat.stream().map(leaf -> leaf.value().as(leaf.name())).toArray(Column[]::new));
    if (arrays.isEmpty()) {
      outputs.add(flatFrame);
      return;
    }
    // The parent's key column and the child's id must hold the same number on every evaluation;
    // monotonically_increasing_id depends on partitioning, so the numbered rows are materialized
    // once and every table reads the same copy (Glue stages its frames for the same reason).
    Dataset<Row> numbered =
        flatFrame.withColumn(ROW_ID, functions.monotonically_increasing_id()).localCheckpoint();
    List<Column> parent = new ArrayList<>();
    for (Leaf leaf : flat) {
      Column column = functions.col(quotedColumn(leaf.name()));
      if (leaf.type() instanceof ArrayType) {
        column = functions.when(column.isNotNull(), functions.col(ROW_ID));
      }
      parent.add(column.as(leaf.name()));
    }
    outputs.add(numbered.select(parent.toArray(Column[]::new)));
    for (Leaf array : arrays) {
      Dataset<Row> exploded =
          numbered.select(
              functions.col(ROW_ID).as("id"),
              functions.posexplode(functions.col(quotedColumn(array.name()))));
      Dataset<Row> child =
          exploded.select(
              functions.col("id"),
              functions.col("pos").as("index"),
              functions.col("col").as(array.name() + ".val"));
      relationalize(child, elementColumns(array, (ArrayType) array.type()), outputs);
    }
  }

  /** The columns of an array's table, before its element is flattened. */
  private static List<Leaf> elementColumns(Leaf array, ArrayType type) {
    String value = array.name() + ".val";
    return List.of(
        new Leaf("id", functions.col("id"), DataTypes.LongType),
        new Leaf("index", functions.col("index"), DataTypes.IntegerType),
        new Leaf(value, functions.col(quotedColumn(value)), type.elementType()));
  }

  /** Glue's flat names join with {@code .}; a name holding one is quoted to stay unambiguous. */
  private static String quoted(String name) {
    return name.contains(".") ? "`" + name.replace("`", "``") + "`" : name;
  }

  private static String quotedColumn(String name) {
    return "`" + name.replace("`", "``") + "`";
  }
}
