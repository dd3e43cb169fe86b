package io.cairn.etl.transforms;

import io.cairn.etl.TransformContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

/**
 * Lookup ({@code gs_lookup}): a left join of the input against the catalog table {@code table}
 * ({@code database.table}, read through the run's session). {@code keys} lists the matching
 * columns, {@code name} when both sides call it the same, {@code input=lookup} otherwise; {@code
 * columns} lists the lookup table's columns to add (default: all but the keys). Every input row
 * stays; a row without a match gets nulls. The lookup table must have one row per key (a duplicate
 * key fails the run, where a join would silently multiply rows).
 */
public final class Lookup extends VisualTransform {
  @Override
  public String type() {
    return "gs_lookup";
  }

  @Override
  void check(DynamicTransformParameters parameters, List<String> problems) {
    String table = parameters.required("table", problems);
    if (table != null && !table.matches("[^.]+\\.[^.]+")) {
      problems.add("parameter table must be database.table, not " + table);
    }
    parameters.list("keys", problems, true);
    parameters.list("columns", problems, false);
  }

  @Override
  Dataset<Row> run(
      TransformContext context, Dataset<Row> input, DynamicTransformParameters parameters) {
    Dataset<Row> lookup = context.spark().table(parameters.optional("table"));
    List<String> inputKeys = new ArrayList<>();
    List<String> lookupKeys = new ArrayList<>();
    for (String key : parameters.list("keys", new ArrayList<>(), true)) {
      String[] sides = key.split("=", 2);
      inputKeys.add(sides[0].trim());
      lookupKeys.add(sides.length == 2 ? sides[1].trim() : sides[0].trim());
    }
    requireColumns(type(), input, inputKeys);
    requireColumns(type() + " table " + parameters.optional("table"), lookup, lookupKeys);
    Set<String> keyLower =
        lookupKeys.stream().map(key -> key.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
    List<String> added = new ArrayList<>(parameters.list("columns", new ArrayList<>(), false));
    if (added.isEmpty()) {
      for (String name : lookup.columns()) {
        if (!keyLower.contains(name.toLowerCase(Locale.ROOT))) {
          added.add(name);
        }
      }
    }
    requireColumns(type() + " table " + parameters.optional("table"), lookup, added);
    long duplicates =
        lookup
            .groupBy(lookupKeys.stream().map(functions::col).toArray(Column[]::new))
            .count()
            .filter("count > 1")
            .count();
    if (duplicates > 0) {
      throw new IllegalArgumentException(
          "gs_lookup: table "
              + parameters.optional("table")
              + " has "
              + duplicates
              + " key value(s) with more than one row");
    }
    List<Column> selected = new ArrayList<>();
    Column condition = null;
    for (int i = 0; i < lookupKeys.size(); i++) {
      String alias = "__cairn_lookup_key_" + i;
      selected.add(functions.col(lookupKeys.get(i)).as(alias));
      Column equal = input.col(inputKeys.get(i)).equalTo(functions.col(alias));
      condition = condition == null ? equal : condition.and(equal);
    }
    for (String name : added) {
      selected.add(functions.col(name));
    }
    Dataset<Row> right = lookup.select(selected.toArray(Column[]::new));
    Dataset<Row> joined = input.join(right, condition, "left_outer");
    for (int i = 0; i < lookupKeys.size(); i++) {
      joined = joined.drop("__cairn_lookup_key_" + i);
    }
    return joined;
  }
}
