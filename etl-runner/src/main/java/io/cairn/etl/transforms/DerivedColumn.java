package io.cairn.etl.transforms;

import io.cairn.etl.TransformContext;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

/**
 * Glue Studio's Derived Column ({@code gs_derived}): {@code colName} gets the Spark SQL expression
 * {@code expr} (replacing a column of that name).
 */
public final class DerivedColumn extends VisualTransform {
  @Override
  public String type() {
    return "gs_derived";
  }

  @Override
  void check(DynamicTransformParameters parameters, List<String> problems) {
    parameters.required("colName", problems);
    String expression = parameters.required("expr", problems);
    if (expression != null) {
      try {
        functions.expr(expression);
      } catch (Exception e) { // Spark's ParseException is checked in Java's eyes, but undeclared
        problems.add(
            "parameter expr does not parse: "
                + String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
      }
    }
  }

  @Override
  Dataset<Row> run(
      TransformContext context, Dataset<Row> input, DynamicTransformParameters parameters) {
    return input.withColumn(
        parameters.optional("colName"), functions.expr(parameters.optional("expr")));
  }
}
