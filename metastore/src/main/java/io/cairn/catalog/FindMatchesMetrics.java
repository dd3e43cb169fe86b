package io.cairn.catalog;

import java.util.List;

/**
 * How well a FIND_MATCHES transform's model matched its labels in an EVALUATION task run (Glue's
 * FindMatchesMetrics). Every figure is null when the runner did not report it.
 */
public record FindMatchesMetrics(
    Double areaUnderPrCurve,
    Double precision,
    Double recall,
    Double f1,
    Long truePositives,
    Long falsePositives,
    Long trueNegatives,
    Long falseNegatives,
    List<ColumnImportance> columnImportances) {
  public FindMatchesMetrics {
    columnImportances = columnImportances == null ? List.of() : List.copyOf(columnImportances);
  }

  /** How much a column weighs in the model's decisions, from 0 to 1. */
  public record ColumnImportance(String columnName, Double importance) {}
}
