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
 * Glue Studio's Pivot Rows Into Columns ({@code gs_pivot}): groups by every other column and makes
 * one column per value of the {@code colList} columns (values of several columns joined by {@code
 * _}), holding {@code aggFunction} (sum, avg/mean, min, max, count, first, last) of {@code aggCol}.
 */
public final class PivotRowsIntoColumns extends VisualTransform {
  private static final Set<String> FUNCTIONS =
      Set.of("sum", "avg", "mean", "min", "max", "count", "first", "last");

  @Override
  public String type() {
    return "gs_pivot";
  }

  @Override
  void check(DynamicTransformParameters parameters, List<String> problems) {
    parameters.required("aggCol", problems);
    String function = parameters.required("aggFunction", problems);
    if (function != null && !FUNCTIONS.contains(function.toLowerCase(Locale.ROOT))) {
      problems.add("parameter aggFunction must be one of " + FUNCTIONS + ", not " + function);
    }
    parameters.list("colList", problems, true);
  }

  @Override
  Dataset<Row> run(
      TransformContext context, Dataset<Row> input, DynamicTransformParameters parameters) {
    String aggregated = parameters.optional("aggCol");
    List<String> pivoted = parameters.list("colList", new ArrayList<>(), true);
    List<String> used = new ArrayList<>(pivoted);
    used.add(aggregated);
    requireColumns(type(), input, used);
    Set<String> usedLower =
        used.stream().map(name -> name.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
    Column[] groups =
        Arrays.stream(input.columns())
            .filter(name -> !usedLower.contains(name.toLowerCase(Locale.ROOT)))
            .map(functions::col)
            .toArray(Column[]::new);
    Column key =
        pivoted.size() == 1
            ? functions.col(pivoted.get(0)).cast("string")
            : functions.concat_ws("_", pivoted.stream().map(functions::col).toArray(Column[]::new));
    String pivotKey = "__cairn_pivot_key";
    Column value = functions.col(aggregated);
    Column aggregate =
        switch (parameters.optional("aggFunction").toLowerCase(Locale.ROOT)) {
          case "sum" -> functions.sum(value);
          case "avg", "mean" -> functions.avg(value);
          case "min" -> functions.min(value);
          case "max" -> functions.max(value);
          case "count" -> functions.count(value);
          case "first" -> functions.first(value);
          default -> functions.last(value);
        };
    return input.withColumn(pivotKey, key).groupBy(groups).pivot(pivotKey).agg(aggregate);
  }
}
