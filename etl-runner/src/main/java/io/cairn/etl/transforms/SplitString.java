package io.cairn.etl.transforms;

import io.cairn.etl.TransformContext;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

/**
 * Glue Studio's Split String ({@code gs_split}): splits {@code colName} on the regular expression
 * {@code pattern} into an array, written to {@code newColName} (default: {@code colName} itself).
 */
public final class SplitString extends VisualTransform {
  @Override
  public String type() {
    return "gs_split";
  }

  @Override
  void check(DynamicTransformParameters parameters, List<String> problems) {
    parameters.required("colName", problems);
    String pattern = parameters.required("pattern", problems);
    if (pattern != null) {
      try {
        Pattern.compile(pattern);
      } catch (PatternSyntaxException e) {
        problems.add("parameter pattern is not a regular expression: " + e.getDescription());
      }
    }
  }

  @Override
  Dataset<Row> run(
      TransformContext context, Dataset<Row> input, DynamicTransformParameters parameters) {
    String column = parameters.optional("colName");
    requireColumns(type(), input, List.of(column));
    String target =
        parameters.optional("newColName") == null ? column : parameters.optional("newColName");
    return input.withColumn(
        target, functions.split(functions.col(column), parameters.optional("pattern")));
  }
}
