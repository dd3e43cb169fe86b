package io.cairn.catalog;

import static java.util.Objects.requireNonNull;

/**
 * A sort column of a bucketed table; {@code order} is 1 for ascending and 0 for descending (Hive).
 */
public record SortOrder(String column, int order) {
  public SortOrder {
    requireNonNull(column, "column is null");
  }
}
