package io.cairn.catalog;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A partition of a table: one value per partition key, in key order, and its own storage. {@code
 * version} is the compare-and-swap counter (0 when added).
 */
public record Partition(
    TableName table,
    List<String> values,
    StorageDescriptor storageDescriptor,
    Map<String, String> parameters,
    Instant createTime,
    Instant lastAccessTime,
    Instant lastAnalyzedTime,
    long version) {
  public Partition {
    requireNonNull(table, "table is null");
    values = List.copyOf(requireNonNull(values, "values is null"));
    parameters = parameters == null ? Map.of() : Map.copyOf(parameters);
  }

  public Partition withVersion(long newVersion) {
    return new Partition(
        table,
        values,
        storageDescriptor,
        parameters,
        createTime,
        lastAccessTime,
        lastAnalyzedTime,
        newVersion);
  }
}
