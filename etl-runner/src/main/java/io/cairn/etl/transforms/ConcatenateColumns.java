package io.cairn.etl.transforms;

import io.cairn.etl.TransformContext;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

/**
 * Glue Studio's Concatenate Columns ({@code gs_concat}): {@code colName} gets the text of the
 * {@code colList} columns in order, joined by {@code spacer} (default none). A null column is
 * written as {@code nullValue} when given, and left out otherwise.
 */
public final class ConcatenateColumns extends VisualTransform {
  @Override
  public String type() {
    return "gs_concat";
  }

  @Override
  void check(DynamicTransformParameters parameters, List<String> problems) {
    parameters.required("colName", problems);
    parameters.list("colList", problems, true);
  }

  @Override
  Dataset<Row> run(
      TransformContext context, Dataset<Row> input, DynamicTransformParameters parameters) {
    List<String> names = parameters.list("colList", new ArrayList<>(), true);
    requireColumns(type(), input, names);
    String spacer = parameters.optional("spacer") == null ? "" : parameters.optional("spacer");
    String nullValue = parameters.optional("nullValue");
    List<Column> parts = new ArrayList<>();
    for (String name : names) {
      Column text = functions.col(name).cast("string");
      parts.add(nullValue == null ? text : functions.coalesce(text, functions.lit(nullValue)));
    }
    return input.withColumn(
        parameters.optional("colName"), functions.concat_ws(spacer, parts.toArray(Column[]::new)));
  }
}
