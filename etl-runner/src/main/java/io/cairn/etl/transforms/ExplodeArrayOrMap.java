package io.cairn.etl.transforms;

import io.cairn.etl.TransformContext;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.MapType;

/**
 * Glue Studio's Explode Array Or Map Into Rows ({@code gs_explode}): one row per element of the
 * array {@code colName}, the element in {@code newCol}; for a map, {@code newCol} holds a struct of
 * {@code key} and {@code value}. Rows whose array is empty or null are dropped unless {@code outer}
 * is true (then kept with a null element).
 */
public final class ExplodeArrayOrMap extends VisualTransform {
  @Override
  public String type() {
    return "gs_explode";
  }

  @Override
  void check(DynamicTransformParameters parameters, List<String> problems) {
    parameters.required("colName", problems);
    parameters.required("newCol", problems);
    String outer = parameters.optional("outer");
    if (outer != null && !outer.equalsIgnoreCase("true") && !outer.equalsIgnoreCase("false")) {
      problems.add("parameter outer must be true or false, not " + outer);
    }
  }

  @Override
  Dataset<Row> run(
      TransformContext context, Dataset<Row> input, DynamicTransformParameters parameters) {
    String column = parameters.optional("colName");
    requireColumns(type(), input, List.of(column));
    boolean outer = "true".equalsIgnoreCase(parameters.optional("outer"));
    Column source = functions.col(column);
    boolean map =
        Fields.find(input.schema(), List.of(column.split("\\."))).dataType() instanceof MapType;
    if (map) {
      source = functions.map_entries(source);
    }
    Column exploded = outer ? functions.explode_outer(source) : functions.explode(source);
    return input.withColumn(parameters.optional("newCol"), exploded);
  }
}
