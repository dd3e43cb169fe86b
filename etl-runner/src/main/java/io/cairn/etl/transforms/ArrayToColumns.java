package io.cairn.etl.transforms;

import io.cairn.etl.TransformContext;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

/**
 * Glue Studio's Array To Columns ({@code gs_array_to_cols}): the elements of the array {@code
 * colName} go to the new columns {@code colList} in order, or, with {@code indexes}, the elements
 * at those 1-based positions; an array too short leaves the rest null.
 */
public final class ArrayToColumns extends VisualTransform {
  @Override
  public String type() {
    return "gs_array_to_cols";
  }

  @Override
  void check(DynamicTransformParameters parameters, List<String> problems) {
    parameters.required("colName", problems);
    List<String> names = parameters.list("colList", problems, true);
    List<String> indexes = parameters.list("indexes", problems, false);
    if (!indexes.isEmpty() && indexes.size() != names.size()) {
      problems.add("parameter indexes must give one position per column of colList");
    }
    for (String index : indexes) {
      if (!index.matches("[1-9][0-9]*")) {
        problems.add("parameter indexes holds " + index + ", not a position from 1");
      }
    }
  }

  @Override
  Dataset<Row> run(
      TransformContext context, Dataset<Row> input, DynamicTransformParameters parameters) {
    String column = parameters.optional("colName");
    requireColumns(type(), input, List.of(column));
    List<String> names = parameters.list("colList", new ArrayList<>(), true);
    List<String> indexes = parameters.list("indexes", new ArrayList<>(), false);
    Dataset<Row> result = input;
    for (int i = 0; i < names.size(); i++) {
      int position = indexes.isEmpty() ? i : Integer.parseInt(indexes.get(i)) - 1;
      // getItem past the end is null (without ANSI mode), which is the "fill as much as possible".
      result = result.withColumn(names.get(i), functions.col(column).getItem(position));
    }
    return result;
  }
}
