package io.cairn.catalog;

import static java.util.Objects.requireNonNull;

import java.util.List;

/** A partition index (Glue): a named subset of the partition keys, at most 3 per table. */
public record PartitionIndex(String name, List<String> keys, Status status) {
  public PartitionIndex {
    requireNonNull(name, "name is null");
    keys = List.copyOf(keys);
    requireNonNull(status, "status is null");
  }

  /** Glue's PartitionIndexStatus. */
  public enum Status {
    CREATING,
    ACTIVE,
    DELETING,
    FAILED
  }
}
