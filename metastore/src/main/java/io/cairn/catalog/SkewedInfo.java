package io.cairn.catalog;

import java.util.List;

/** Skew information of a table: which column values are skewed and where their data lives. */
public record SkewedInfo(
    List<String> columnNames, List<List<String>> columnValues, List<ValueLocation> valueLocations) {
  public SkewedInfo {
    columnNames = columnNames == null ? List.of() : List.copyOf(columnNames);
    columnValues =
        columnValues == null ? List.of() : columnValues.stream().map(List::copyOf).toList();
    valueLocations = valueLocations == null ? List.of() : List.copyOf(valueLocations);
  }

  /** The location of the data for one combination of skewed values. */
  public record ValueLocation(List<String> values, String location) {
    public ValueLocation {
      values = List.copyOf(values);
    }
  }
}
