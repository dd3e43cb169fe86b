package io.cairn.etl.transforms;

import io.cairn.etl.TransformContext;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

/**
 * Glue Studio's Unpivot Columns Into Rows ({@code gs_unpivot}): each row becomes one row per column
 * of {@code colList}, with that column's name in {@code unpivotName} and its value in {@code
 * unpivotValue}; the other columns repeat. The listed columns must share a type.
 */
public final class UnpivotColumnsIntoRows extends VisualTransform {
  @Override
  public String type() {
    return "gs_unpivot";
  }

  @Override
  void check(DynamicTransformParameters parameters, List<String> problems) {
    parameters.required("unpivotName", problems);
    parameters.required("unpivotValue", problems);
    parameters.list("colList", problems, true);
  }

  @Override
  Dataset<Row> run(
      TransformContext context, Dataset<Row> input, DynamicTransformParameters parameters) {
    List<String> columns = parameters.list("colList", new ArrayList<>(), true);
    requireColumns(type(), input, columns);
    Set<String> lower =
        columns.stream().map(name -> name.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
    Column[] ids =
        Arrays.stream(input.columns())
            .filter(name -> !lower.contains(name.toLowerCase(Locale.ROOT)))
            .map(functions::col)
            .toArray(Column[]::new);
    return input.unpivot(
        ids,
        columns.stream().map(functions::col).toArray(Column[]::new),
        parameters.optional("unpivotName"),
        parameters.optional("unpivotValue"));
  }
}
